/**
 * Kubernetes label, annotation and finalizer keys shared by every Unikorn service (Go `core/pkg/constants`).
 * Values are wire-visible: they must match the Go constants byte for byte.
 */

/** Prefix applied to labels and annotations that carry the acting principal's metadata. */
export const PrincipalPrefix = 'principal.';

/** Label carrying the organization ID a resource belongs to. */
export const OrganizationLabel = 'unikorn-cloud.org/organization';
/** Label carrying the principal's organization ID when a service acts on a user's behalf. */
export const OrganizationPrincipalLabel = `${PrincipalPrefix}${OrganizationLabel}`;

/** Label carrying the project ID a resource belongs to. */
export const ProjectLabel = 'unikorn-cloud.org/project';
/** Label carrying the principal's project ID when a service acts on a user's behalf. */
export const ProjectPrincipalLabel = `${PrincipalPrefix}${ProjectLabel}`;

/** Annotation recording who created a resource. */
export const CreatorAnnotation = 'unikorn-cloud.org/creator';
/** Annotation recording the principal that created a resource. */
export const CreatorPrincipalAnnotation = `${PrincipalPrefix}${CreatorAnnotation}`;

/** Annotation recording who last modified a resource. */
export const ModifierAnnotation = 'unikorn-cloud.org/modifier';
/** Annotation recording the principal that last modified a resource. */
export const ModifierPrincipalAnnotation = `${PrincipalPrefix}${ModifierAnnotation}`;

/** Label carrying a resource's mutable display name. */
export const NameLabel = 'unikorn-cloud.org/name';

/** Annotation carrying a resource's free-form description. */
export const DescriptionAnnotation = 'unikorn-cloud.org/description';

/** Annotation recording a resource's last modification time. */
export const ModifiedTimestampAnnotation = 'unikorn-cloud.org/modifiedTimestamp';

/** Label recording the kind of thing a resource (e.g. a namespace) represents. */
export const KindLabel = 'unikorn-cloud.org/kind';

/** Label linking a resource to a user ID. */
export const UserLabel = 'unikorn-cloud.org/user';

/** Label linking a resource to the network it is attached to. */
export const NetworkLabel = 'unikorn-cloud.org/network-id';

/** Annotation naming the cloud identity a resource owns. */
export const IdentityAnnotation = 'unikorn-cloud.org/identity-id';

/** Annotation linking a quota-consuming resource to its allocation. */
export const AllocationAnnotation = 'unikorn-cloud.org/allocation-id';

/** Label naming the kind of a (not necessarily Kubernetes) resource referred to. */
export const ReferencedResourceKindLabel = 'unikorn-cloud.org/resource-kind';

/** Label naming the ID of a (not necessarily Kubernetes) resource referred to. */
export const ReferencedResourceIDLabel = 'unikorn-cloud.org/resource-id';

/** Finalizer applied by Unikorn controllers; never reported as a resource reference. */
export const Finalizer = 'unikorn';
