export {
  codegenRequestClass,
  expandPath,
  type GeneratedCore,
  type GeneratedRequestOptions,
  type OperationSuccessStatuses,
  type RequestSettings,
  responseStatusOf,
  resultOrError,
} from './requestClass';
export { ServiceClient } from './serviceClient';
