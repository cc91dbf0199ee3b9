import { ContractToolingError } from '../errors.mjs';
import { isObject, visitObjects } from '../tree.mjs';

/**
 * Step 5: an explicit `mapping` on every discriminator (openapi-typescript-codegen needs it), derived from each
 * member's single-valued enum of the discriminating property (directly or through `allOf`).
 */
export const mapDiscriminators = (doc) => {
  const schemaOf = (ref) => doc.components.schemas[ref.split('/').pop()];
  const discriminatorValue = (ref, property, seen = new Set()) => {
    if (seen.has(ref)) return undefined;
    seen.add(ref);
    const schema = schemaOf(ref);
    const values = schema?.properties?.[property]?.enum;
    if (Array.isArray(values) && values.length === 1) return values[0];
    for (const part of schema?.allOf ?? []) {
      const value = part.$ref ? discriminatorValue(part.$ref, property, seen) : part.properties?.[property]?.enum;
      if (Array.isArray(value) && value.length === 1) return value[0];
      if (typeof value === 'string') return value;
    }
    return undefined;
  };
  visitObjects(doc, (node) => {
    if (!isObject(node.discriminator) || node.discriminator.mapping) return;
    const members = node.oneOf ?? node.anyOf;
    if (!Array.isArray(members)) throw new ContractToolingError('discriminator without oneOf/anyOf needs a mapping');
    const mapping = {};
    for (const member of members) {
      const value = member.$ref && discriminatorValue(member.$ref, node.discriminator.propertyName);
      if (value === undefined)
        throw new ContractToolingError(`cannot derive a discriminator mapping for ${member.$ref}`);
      mapping[value] = member.$ref;
    }
    node.discriminator.mapping = mapping;
  });
};

/**
 * Step 6: schemas with `properties` are objects; says so where the upstream spec leaves `type` out (otherwise
 * openapi-typescript-codegen generates an empty `{}` type).
 */
export const typeObjectSchemas = (doc) => {
  visitObjects(doc, (node) => {
    if (isObject(node.properties) && node.type === undefined && !node.$ref) node.type = 'object';
  });
};
