/**
 * Kubernetes: the label, annotation and finalizer keys shared by every Unikorn service, and the Kubernetes client
 * carried in the async context (Go `NewContext` / `FromContext`).
 */

export * from './constants';
export * from './kubernetesContext';
