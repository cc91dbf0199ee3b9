export { type KubernetesResource, prepareReferenceCall, type ReferenceCall } from './prepareReferenceCall';
