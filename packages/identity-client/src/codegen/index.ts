export { type GeneratedClientKit, generatedClientKit } from './clientKit';
export {
  type CancelableRequest,
  codegenRequestClass,
  createGeneratedClient,
  createGeneratedService,
  expandPath,
  type GeneratedCore,
  type GeneratedRequestOptions,
  type OperationSuccessStatuses,
  type RequestSettings,
  responseStatusOf,
  resultOrError,
} from './requestClass';
export { ServiceClient } from './serviceClient';
