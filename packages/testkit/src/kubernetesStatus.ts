/** A Kubernetes `meta/v1.Status` object, as the API server returns for errors and deletions. */
export interface KubernetesStatus {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Success' | 'Failure';
  message?: string;
  reason?: string;
  details?: { name?: string; group?: string; kind?: string; uid?: string };
  code: number;
}

const reasons: Readonly<Record<number, string>> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  409: 'Conflict',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

/** The `reason` the API server uses for an HTTP status code (`InternalError` for unknown 5xx, `Unknown` otherwise). */
export function statusReason(code: number): string {
  return reasons[code] ?? (code >= 500 ? 'InternalError' : 'Unknown');
}

/** Builds a Failure Status object. */
export function failureStatus(
  code: number,
  message: string,
  reason: string = statusReason(code),
  details?: KubernetesStatus['details'],
): KubernetesStatus {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    ...(details === undefined ? {} : { details }),
    code,
  };
}

/** The Status object of a successful delete. */
export function successStatus(details: KubernetesStatus['details']): KubernetesStatus {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details, code: 200 };
}
