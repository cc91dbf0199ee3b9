/**
 * Options with the Go flag names: {@link HTTPOptions} (how to reach a service), {@link HTTPClientOptions} (the
 * client's own certificate), the flag reader and Go durations.
 */

export * from './duration';
export * from './flags';
export * from './options';
