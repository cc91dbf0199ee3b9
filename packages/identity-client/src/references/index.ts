export { type KubernetesResource, prepareReferenceCall, type ReferenceCall } from './prepareReferenceCall';
export { ReferenceClient, type ReferenceClientSettings, type ReferencingKubernetesResource } from './referenceClient';
