export {
  codegenRequestClass,
  expandPath,
  type GeneratedCore,
  type GeneratedRequestOptions,
  type OperationSuccessStatuses,
  type RequestSettings,
  resultOrError,
} from './requestClass';
export { ServiceClient } from './serviceClient';
