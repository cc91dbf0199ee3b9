/**
 * A logger hook for credential lifecycle events with the shape pino (and most structured loggers) have:
 * `warn(object, message)` for what needs attention (failed, refused, backing off), `debug(object, message)` for
 * the rest. Only epochs, fingerprints, dates, counts and error names/messages are logged, never key or
 * certificate material.
 */

import type { CredentialEvent, CredentialEventListener } from './credentialEvents';

/** The logger methods used: pino-compatible (`logger.warn(obj, msg)`); `debug` is optional. */
export interface CredentialLogger {
  warn(object: Record<string, unknown>, message: string): void;
  debug?(object: Record<string, unknown>, message: string): void;
}

/** Anything with an `onEvent` subscription (every credential source). */
export interface CredentialEventSource {
  onEvent(listener: CredentialEventListener): () => void;
}

/** The safe description of an error: class name, code and message (which never carries key material here). */
function describeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const code = (error as { code?: unknown }).code;
  return { name: error.name, message: error.message, ...(typeof code === 'string' ? { code } : {}) };
}

/** The log line (level, fields, message) of one event. */
export function credentialLogEntry(event: CredentialEvent): {
  level: 'warn' | 'debug';
  fields: Record<string, unknown>;
  message: string;
} {
  switch (event.type) {
    case 'reloaded':
      return {
        level: 'debug',
        fields: { event: event.type, epoch: event.epoch, changed: event.changed, fingerprint: event.fingerprint },
        message: event.changed ? 'client credential reloaded (changed)' : 'client credential reloaded (unchanged)',
      };
    case 'epoch-changed':
      return {
        level: 'debug',
        fields: {
          event: event.type,
          epoch: event.epoch,
          fingerprint: event.fingerprint,
          notAfter: event.notAfter.toISOString(),
        },
        message: 'client credential rotated to a new epoch',
      };
    case 'reload-failed':
      return {
        level: 'warn',
        fields: {
          event: event.type,
          failures: event.failures,
          retryInMs: event.retryInMs,
          err: describeError(event.error),
        },
        message: 'client credential reload failed; serving the last good credential',
      };
    case 'refused':
      return {
        level: 'warn',
        fields: {
          event: event.type,
          reason: event.reason,
          detail: event.detail,
          failures: event.failures,
          retryInMs: event.retryInMs,
        },
        message: 'replacement client credential refused; serving the last good credential',
      };
    case 'backing-off':
      return {
        level: 'warn',
        fields: {
          event: event.type,
          failures: event.failures,
          retryInMs: event.retryInMs,
          secondsUntilExpiry: Math.floor(event.secondsUntilExpiry),
        },
        message: 'client credential reload backing off',
      };
  }
}

/**
 * Logs every lifecycle event of `source` to `logger` (warnings with `warn`, the rest with `debug` when the logger
 * has it). A logger that throws never breaks credential delivery.
 *
 * @returns A function that stops logging.
 */
export function logCredentialEvents(source: CredentialEventSource, logger: CredentialLogger): () => void {
  return source.onEvent((event) => {
    const entry = credentialLogEntry(event);
    if (entry.level === 'warn') logger.warn(entry.fields, entry.message);
    else logger.debug?.(entry.fields, entry.message);
  });
}
