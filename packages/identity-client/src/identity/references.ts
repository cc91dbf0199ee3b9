/**
 * Project references (Go `identity/pkg/client` references.go): a service records that one of its resources lives in
 * a project, so the project cannot be deleted under it. The principal is the resource's, signed (controller client).
 */

import type { ClientBuilder } from '../baseClient';
import { type RequestSettings, responseStatusOf } from '../codegen/requestClass';
import { type IdentityAPI, ProjectsService } from '../generated';
import type { KubeConfig } from '../kubeConfig';
import {
  ReferenceClient,
  type ReferenceClientSettings,
  type ReferencingKubernetesResource,
} from '../references/referenceClient';
import { identityService } from './identityHttpRequest';
import { organizationAndProjectID } from './projectScope';
import type { LabelledResource } from './scope';

/** A resource that can hold a project reference: a Kubernetes object whose labels name its organization and project. */
export type ProjectReferencingResource = ReferencingKubernetesResource & LabelledResource;

/** The part of the generated identity API {@link References} calls. */
export type ProjectReferencesAPI = {
  readonly projects: Pick<IdentityAPI['projects'], 'addProjectReference' | 'removeProjectReference'>;
};

/** Builds the identity client a reference call is sent with (Go's client factory). */
export type ProjectReferencesClientFactory = (
  kube: KubeConfig,
  resource: ProjectReferencingResource,
) => Promise<ProjectReferencesAPI>;

/** Options of {@link References}. */
export interface ReferencesSettings extends ReferenceClientSettings {
  /**
   * Builds the client per call; default a controller client for the resource, like Go's
   * `New(k8s, options, clientOptions).ControllerClient(ctx, resource)` but with only the projects service, and sharing
   * the pooled dispatcher (unlike Go, Secrets are not re-read per call).
   */
  clientFactory?: ProjectReferencesClientFactory;
}

/**
 * Adds and removes project references with a signed controller principal. The organization and project come from
 * the resource's scope reader or its `unikorn-cloud.org/organization` / `unikorn-cloud.org/project` labels; add
 * succeeds only on 201, remove on 204 or 404 (the project is gone); anything else is a typed error.
 *
 * ```ts
 * const references = new References(undefined, identityOptions, clientOptions, { kube });
 * await references.addReferenceToProject(identity);      // PUT …/projects/<p>/references/identities.region.unikorn-cloud.org%252F<id>
 * await references.removeReferenceFromProject(identity); // DELETE, 204 or 404 is success
 * ```
 */
export class References extends ReferenceClient<ReferencesSettings> {
  /**
   * Go `AddReferenceToProject`: `PUT /api/v1/organizations/{org}/projects/{project}/references/{reference}`, no body.
   *
   * @throws InvalidContextError `context invalid` without a Kubernetes client; the client factory's errors; the
   *   reference's errors; the scope errors of the resource (see {@link organizationAndProjectID}); for a status other
   *   than 201 core's `propagateError` result; transport errors unchanged.
   */
  addReferenceToProject(resource: ProjectReferencingResource): Promise<void> {
    // Not `async`: a warm helper prepares and sends in this turn (see ReferenceClient.sendReferenceCall).
    return this.send(resource, (api, organization, project, reference) =>
      api.projects.addProjectReference(organization, project, reference).then(nothing),
    );
  }

  /**
   * Go `RemoveReferenceFromProject`: `DELETE` of the same path; 204 or 404 (project or organization gone) is success.
   *
   * @throws As {@link References.addReferenceToProject}, for a status other than 204 and 404.
   */
  removeReferenceFromProject(resource: ProjectReferencingResource): Promise<void> {
    return this.send(resource, (api, organization, project, reference) =>
      api.projects.removeProjectReference(organization, project, reference).then(nothing, (error: unknown) => {
        if (responseStatusOf(error) !== 404) throw error;
      }),
    );
  }

  // The client and reference first, then the scope (Go's order of errors), then the request.
  private send(
    resource: ProjectReferencingResource,
    request: (api: ProjectReferencesAPI, organization: string, project: string, reference: string) => Promise<void>,
  ): Promise<void> {
    const { clientFactory } = this.settings;
    return this.sendReferenceCall<ProjectReferencesAPI, void>(
      resource,
      projectsOnly,
      ({ api, reference }) => {
        const [organization, project] = organizationAndProjectID(resource);
        return request(api, organization, project, reference);
      },
      clientFactory === undefined ? undefined : (kube) => clientFactory(kube, resource),
    );
  }
}

// Only the projects service of the generated IdentityAPI is used.
function projectsOnly(settings: RequestSettings): ClientBuilder<ProjectReferencesAPI> {
  return (transport) => ({ projects: identityService(ProjectsService, transport, settings) });
}

function nothing(): void {}
