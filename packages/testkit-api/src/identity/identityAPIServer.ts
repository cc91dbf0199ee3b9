import { ContractServer, type ContractServerOptions, type ListeningContract } from '../common/contractServer';
import { allocationOperations } from './allocationOperations';
import type { IdentityOperationHandler, IdentityState } from './identityState';
import { type AllocationRecord, IdentityStore, type OrganizationSeed, type ProjectSeed } from './identityStore';
import { allocationView, projectView } from './identityViews';
import { oauth2Operations } from './oauth2Operations';
import { projectOperations } from './projectOperations';
import { type AccessTokenSeed, TokenStore } from './tokenStore';

/** Options for {@link IdentityAPIServer.start}. */
export interface IdentityAPIServerOptions extends ContractServerOptions {
  /** Milliseconds since the epoch; default `Date.now`. Drives resource timestamps (not TLS validity). */
  readonly clock?: () => number;
}

const identityOperations: Readonly<Record<string, IdentityOperationHandler>> = {
  ...projectOperations,
  ...allocationOperations,
  ...oauth2Operations,
};

/**
 * An identity API server for tests and the demo: a {@link ContractServer} on the identity contract. Like a Go
 * identity server it binds UUID path parameters as typed IDs before authenticating (a non-UUID ID is 400
 * `invalid path/query element` without any authentication), authenticates the caller's TLS certificate and verifies
 * `X-Principal`. Organizations, projects with references (finalizers) and quota allocations live in memory; other
 * operations answer 501 after validation.
 *
 * ```ts
 * const identity = await IdentityAPIServer.start({ ca, contract: 'packages/identity-client/contract/identity.v1.yaml' });
 * const projectId = identity.addProject({ organizationId });
 * // ... client PUTs /api/v1/organizations/<org>/projects/<project>/references/<ref>
 * expect(identity.references(organizationId, projectId)).toEqual(['networks.region.unikorn-cloud.org/n1']);
 * ```
 */
export class IdentityAPIServer extends ContractServer<IdentityState> {
  private readonly store: IdentityStore;
  private readonly tokens: TokenStore;

  private constructor(listening: ListeningContract, clock: () => number) {
    super(listening);
    this.store = new IdentityStore(clock);
    this.tokens = new TokenStore(clock);
  }

  /** Loads the contract and starts listening on 127.0.0.1 with an ephemeral port. */
  static async start(options: IdentityAPIServerOptions): Promise<IdentityAPIServer> {
    const listening = await ContractServer.listen(options);
    return new IdentityAPIServer(listening, options.clock ?? Date.now);
  }

  protected state(): IdentityState {
    return { store: this.store, tokens: this.tokens, version: this.contract.version };
  }

  protected handlers(): Readonly<Record<string, IdentityOperationHandler>> {
    return identityOperations;
  }

  protected override typedUUIDs(): boolean {
    return true;
  }

  protected override bearerSubject(token: string): string | undefined {
    return this.tokens.lookup(token)?.subject;
  }

  /**
   * Issues an access token that the token endpoint exchanges for passports (RFC 8693) and that the ACL reads
   * accept as `Authorization: bearer <token>`.
   */
  issueAccessToken(seed: AccessTokenSeed): string {
    return this.tokens.issue(seed);
  }

  /** Revokes an access token: later exchanges answer 401. */
  revokeAccessToken(token: string): void {
    this.tokens.revoke(token);
  }

  /** Sets the ACL the ACL reads return for `subject` (for one organization, or globally when omitted). */
  setACL(subject: string, acl: Record<string, unknown>, organizationId?: string): void {
    this.tokens.setACL(subject, acl, organizationId);
  }

  /** Adds an organization and returns its id. */
  addOrganization(seed?: OrganizationSeed): string {
    return this.store.addOrganization(seed);
  }

  /** Adds a project (and its organization, when missing) and returns its id. */
  addProject(seed: ProjectSeed): string {
    return this.store.addProject(seed);
  }

  /** The `projectRead` JSON of a project, or undefined when it does not exist (any more). */
  project(organizationId: string, projectId: string): Record<string, unknown> | undefined {
    const record = this.store.project(organizationId, projectId);
    return record === undefined ? undefined : projectView(record);
  }

  /** The references of a project in the order added; throws for an unknown project. */
  references(organizationId: string, projectId: string): string[] {
    const record = this.store.project(organizationId, projectId);
    if (record === undefined) throw new Error(`unknown project ${organizationId}/${projectId}`);
    return [...record.references];
  }

  /** Starts deleting a project: it goes once it has no references (adding references is refused meanwhile). */
  deleteProject(organizationId: string, projectId: string): void {
    this.store.deleteProject(organizationId, projectId);
  }

  /** The `allocationRead` JSON of every allocation of a project, in creation order. */
  allocations(organizationId: string, projectId: string): Record<string, unknown>[] {
    return this.store.listAllocations(organizationId, projectId).map(allocationView);
  }

  /** The stored allocation, or undefined. */
  allocation(organizationId: string, projectId: string, allocationId: string): AllocationRecord | undefined {
    return this.store.allocation(organizationId, projectId, allocationId);
  }

  /**
   * Sets (or with undefined clears) an organization's quota for one kind (e.g. `networks`): allocations whose
   * committed + reserved total would exceed it are refused with 403 `forbidden`
   * `total <kind> allocation of <n> would exceed quota limit of <capacity>`.
   */
  setQuota(organizationId: string, kind: string, capacity: number | undefined): void {
    this.store.setQuota(organizationId, kind, capacity);
  }
}
