export { InvalidUUIDError, mustParseUUID, parseUUID, parseUUIDBytes } from './uuid';
export { type UUIDOf, type UUIDType, uuidType } from './uuidType';
