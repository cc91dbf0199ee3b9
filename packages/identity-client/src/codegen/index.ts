export { type GeneratedClientKit, generatedClientKit } from './clientKit';
export { type BodyParts, encodeBody } from './encodeBody';
export {
  type APIResponse,
  type CallOptions,
  OperationClient,
  type OperationResult,
  type OperationSpec,
  type ParameterSpec,
  type ResultMode,
} from './operationClient';
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
export { RequestParameterError } from './requestParameterError';
export {
  type DeclaredJSONType,
  type DecodedResponse,
  decodeSuccessBody,
  type OperationResponseTypes,
} from './responseDecoding';
export { ServiceClient } from './serviceClient';
