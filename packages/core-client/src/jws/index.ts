/**
 * Signed principal payloads: JWS compact tokens compatible with Go `EncodeAndSign` / `VerifyAndDecode`, the
 * algorithm a key signs with and the policy of which keys may sign.
 */

export * from './jws';
export * from './signingAlgorithm';
export * from './signingKeys';
