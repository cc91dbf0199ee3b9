/** Go `core/pkg/util.ServiceDescriptor`: who is calling, for tracing attributes and logs. */
export interface ServiceDescriptor {
  /** Service name, e.g. `unikorn-compute`. */
  readonly name: string;
  /** Service version, e.g. `1.19.0`. */
  readonly version: string;
  /** Source revision (git SHA). */
  readonly revision?: string;
}
