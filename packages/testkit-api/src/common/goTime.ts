/** A Kubernetes/Go RFC 3339 timestamp with second precision in UTC, e.g. `2025-01-02T03:04:05Z`. */
export function goTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
