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
  type ResponseTables,
  responseStatusOf,
  resultOrError,
} from './requestClass';
export {
  type DeclaredJSONType,
  type DecodedResponse,
  decodeSuccessBody,
  type OperationResponseTypes,
} from './responseDecoding';
export { ServiceClient } from './serviceClient';
