/**
 * The OpenTelemetry HTTP client semantic-convention names this package emits (stable names, plus `url.template`,
 * which the conventions still list as development). Kept as constants so spans and metrics spell them one way.
 */

/** `http.request.method`: the request method, or `_OTHER` for an unknown one. */
export const ATTR_HTTP_REQUEST_METHOD = 'http.request.method';
/** `http.request.method_original`: the method as sent, when `http.request.method` is `_OTHER`. */
export const ATTR_HTTP_REQUEST_METHOD_ORIGINAL = 'http.request.method_original';
/** `http.request.resend_count`: which resend this attempt is (absent on the first attempt). */
export const ATTR_HTTP_REQUEST_RESEND_COUNT = 'http.request.resend_count';
/** `http.response.status_code`: the status of the response, when one arrived. */
export const ATTR_HTTP_RESPONSE_STATUS_CODE = 'http.response.status_code';
/** `server.address`: the host of the request URL. */
export const ATTR_SERVER_ADDRESS = 'server.address';
/** `server.port`: the port of the request URL (the scheme's default when the URL has none). */
export const ATTR_SERVER_PORT = 'server.port';
/** `url.full`: the absolute request URL (these clients never put credentials into URLs). */
export const ATTR_URL_FULL = 'url.full';
/** `url.scheme`: `https` or `http`. */
export const ATTR_URL_SCHEME = 'url.scheme';
/** `url.template`: the contract's path template, e.g. `/api/v1/organizations/{organizationID}`. */
export const ATTR_URL_TEMPLATE = 'url.template';
/** `error.type`: the status code (as text) of an error response, or the error's code or class name. */
export const ATTR_ERROR_TYPE = 'error.type';
/** `network.protocol.version`: always `1.1` here (the dispatchers never negotiate HTTP/2). */
export const ATTR_NETWORK_PROTOCOL_VERSION = 'network.protocol.version';
/** The histogram `http.client.request.duration` (seconds), one measurement per attempt. */
export const METRIC_HTTP_CLIENT_REQUEST_DURATION = 'http.client.request.duration';
/** Bucket boundaries the conventions advise for `http.client.request.duration`. */
export const HTTP_DURATION_BUCKETS: readonly number[] = Object.freeze([
  0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10,
]);
