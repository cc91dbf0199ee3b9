import { jsonResponse } from '../common/responses';
import type { IdentityOperationHandler } from './identityState';

const tokenExchangeGrant = 'urn:ietf:params:oauth:grant-type:token-exchange';
const accessTokenType = 'urn:ietf:params:oauth:token-type:access_token';
const passportType = 'urn:nscale:params:oauth:token-type:passport';

const oauth2Error = (status: number, error: string, description: string) =>
  jsonResponse(status, { error, error_description: description });

function field(body: unknown, name: string): string {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : Array.isArray(value) && typeof value[0] === 'string' ? value[0] : '';
}

/**
 * POST `/oauth2/v2/token` with the RFC 8693 token-exchange grant, as identity answers the remote authorizer: an
 * unknown or expired subject token is 401 `access_denied`; an organization outside the token's organizations is
 * 400 `invalid_scope`; otherwise 200 with a passport (ES512, 60 s). Other grants are 400 `invalid_request`.
 */
const token: IdentityOperationHandler = (call, { tokens }) => {
  const body = call.body;
  if (field(body, 'grant_type') !== tokenExchangeGrant) {
    return oauth2Error(400, 'unsupported_grant_type', 'unsupported grant type');
  }
  if (field(body, 'subject_token_type') !== accessTokenType || field(body, 'requested_token_type') !== passportType) {
    return oauth2Error(400, 'invalid_request', 'unsupported token type');
  }
  const record = tokens.lookup(field(body, 'subject_token'));
  if (record === undefined) {
    return oauth2Error(401, 'access_denied', 'token is invalid or has expired');
  }
  const organizationId = field(body, 'x_organization_id');
  const projectId = field(body, 'x_project_id');
  if (organizationId !== '' && !(record.organizationIds ?? []).includes(organizationId)) {
    return oauth2Error(400, 'invalid_scope', 'organization not in scope');
  }
  const { passport, expiresIn } = tokens.passport(record, organizationId, projectId);
  return jsonResponse(200, {
    token_type: 'Bearer',
    access_token: passport,
    expires_in: expiresIn,
    issued_token_type: passportType,
  });
};

/** GET `/api/v1/acl`: the ACL set for the caller's subject (bearer token subject, or the mTLS chain's subject). */
const getAcl: IdentityOperationHandler = (call, { tokens }) => jsonResponse(200, tokens.acl(call.subject ?? ''));

/** GET `/api/v1/organizations/{organizationID}/acl`: the caller's ACL for that organization. */
const getOrganizationAcl: IdentityOperationHandler = (call, { tokens }) =>
  jsonResponse(200, tokens.acl(call.subject ?? '', call.params.organizationID));

/** Handlers of the token endpoint and the ACL reads, by operationId. */
export const oauth2Operations: Readonly<Record<string, IdentityOperationHandler>> = {
  token,
  getAcl,
  getOrganizationAcl,
};
