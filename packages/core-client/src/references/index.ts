/**
 * Resource references (Go `manager.GenerateResourceReference`): the `<plural>.<group>/<name>` string a service
 * records on a resource it depends on.
 */

export * from './resourceReference';
