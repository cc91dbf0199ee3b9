/**
 * Go's ACL cache key (identity main `aclCacheKey`): direct or impersonated, every variable segment length-prefixed
 * in bytes, the token as an unpadded standard-base64 SHA-256 digest, the organization scope last (`_global` when
 * absent). Distinct callers, issuers, tokens, actors and scopes never share an entry.
 */

import { createHash } from 'node:crypto';
import type { Principal } from '../principal';
import type { AuthorizationInfo } from './authorization';
import { PrincipalHeaderError } from './errors';

function segment(value: string): string {
  return `${Buffer.byteLength(value, 'utf8')}:${value}`;
}

/**
 * The ACL cache key of a request.
 * @throws PrincipalHeaderError (400 `acl cache key generation failure`) for impersonation without an actor.
 */
export function aclCacheKey(
  info: AuthorizationInfo,
  principal: Principal | undefined,
  impersonate: boolean,
  organizationId: string,
): string {
  const scope = organizationId === '' ? '_global' : organizationId;
  const digest = createHash('sha256').update(info.token, 'utf8').digest('base64').replace(/=+$/, '');
  if (impersonate) {
    const actor = principal?.actor ?? '';
    if (actor === '') {
      throw new PrincipalHeaderError(
        'impersonated principal actor missing',
        undefined,
        'acl cache key generation failure',
      );
    }
    return `impersonated|${segment(info.userinfo.sub)}|${segment(info.srcIss)}|${segment(actor)}|${segment(digest)}|${scope}`;
  }
  return `direct|${segment(info.userinfo.sub)}|${segment(info.srcIss)}|${segment(digest)}|${scope}`;
}
