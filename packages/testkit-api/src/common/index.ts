export type { ContractRequest, ContractSource, ContractValidation, RouteMatch, RouteOptions } from './contract';
export { APIContract } from './contract';
export type { ContractServerOptions, ListeningContract } from './contractServer';
export { ContractServer } from './contractServer';
export type { APIErrorBody, APIErrorCode } from './errorResponse';
export { errorReply, traceIdFromTraceparent, zeroTraceId } from './errorResponse';
export type {
  CallEveryOperationOptions,
  ContractOperation,
  ContractParameter,
  GeneratedClientClasses,
  GeneratedOperation,
} from './operationProbe';
export { callEveryOperation, contractOperations, operationArguments, probeGeneratedOperations } from './operationProbe';
export type { APIPrincipal } from './principal';
export { emptyResponse, jsonResponse } from './responses';
export { resolveRef, type Schema, schemaExample } from './schemaExample';
export type { APIAuthorizer, APICall, APIOverride, APIRequestContext, OperationHandler } from './types';
