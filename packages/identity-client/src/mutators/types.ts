/**
 * The request-mutator contract: small functions run in order on every outbound request before it is sent.
 */

import type { CredentialLease } from '@unikorn-cloud/core-client';
import type { IdentityContext } from '../context';

/** An outbound request as mutators see it. Header insertion order is the order on the wire. */
export interface OutboundRequest {
  /** HTTP method, upper case. */
  readonly method: string;
  /** Absolute request URL. */
  readonly url: URL;
  /** Request headers; mutators add to it with {@link setHeader}. */
  readonly headers: Record<string, string>;
  /**
   * The credential snapshot this request is sent with (when the transport has a credential leaser): a mutator that
   * signs must sign with this key, which matches the certificate the carrying connection presents.
   */
  readonly credential?: CredentialLease;
}

/**
 * One step of the outbound chain (Go's `RequestEditorFn`). Throwing (or rejecting) aborts the request before
 * anything is sent.
 */
export type RequestMutator = (request: OutboundRequest, context: IdentityContext) => void | Promise<void>;

/** Sets a header like Go's `Header.Set`: replaces any existing value whose name matches case-insensitively. */
export function setHeader(headers: Record<string, string>, name: string, value: string): void {
  const lower = name.toLowerCase();
  for (const key of Object.keys(headers)) {
    if (key.toLowerCase() === lower) {
      delete headers[key];
    }
  }
  headers[name] = value;
}
