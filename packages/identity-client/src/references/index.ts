export {
  type KubernetesResource,
  prepareReferenceCall,
  prepareReferenceCallNow,
  type ReferenceCall,
} from './prepareReferenceCall';
export { ReferenceClient, type ReferenceClientSettings, type ReferencingKubernetesResource } from './referenceClient';
