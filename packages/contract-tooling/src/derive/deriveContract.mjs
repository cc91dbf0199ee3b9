import { createHash } from 'node:crypto';
import { parse, stringify } from 'yaml';
import { ContractToolingError } from '../errors.mjs';
import { isObject } from '../tree.mjs';
import { annotateOperations } from './annotateOperations.mjs';
import { cleanDocument } from './cleanDocument.mjs';
import { describeResponses } from './describeResponses.mjs';
import { localiseReferences } from './localiseReferences.mjs';
import { mapDiscriminators, typeObjectSchemas } from './mapDiscriminators.mjs';
import { orderDocument } from './orderDocument.mjs';
import { renameComponents } from './renameComponents.mjs';

const sha256 = (text) => createHash('sha256').update(text).digest('hex');

const parseSpec = (text, what) => {
  let doc;
  try {
    doc = parse(text);
  } catch (error) {
    throw new ContractToolingError(`${what} is not valid YAML: ${error.message.split('\n')[0]}`);
  }
  if (!isObject(doc)) throw new ContractToolingError(`${what} is not an OpenAPI document (not a YAML mapping)`);
  return doc;
};

/**
 * Derives a contract's text from the upstream spec and the documents its remote `$ref`s point at.
 *
 * @param {import('../config.mjs').ContractConfig} config the contract's configuration (see defineContract)
 * @param {string} upstreamText the upstream spec's text
 * @param {Readonly<Record<string, string>>} referenceTexts the text of every file reference, by reference name
 * @returns {string} the contract: a comment header naming the inputs (with their sha256), then the YAML document
 */
export const deriveContractText = (config, upstreamText, referenceTexts) => {
  const upstream = parseSpec(upstreamText, config.upstream.file);
  if (!isObject(upstream.paths) || !isObject(upstream.info))
    throw new ContractToolingError(`${config.upstream.file} has no paths or info: not an OpenAPI document`);
  const externals = config.references.map((reference) => {
    if (reference.schemas) return { name: reference.name, document: reference.document, schemas: reference.schemas };
    const doc = parseSpec(referenceTexts[reference.name], reference.file);
    return { name: reference.name, document: reference.document, components: doc.components ?? {} };
  });
  const localised = localiseReferences(upstream, config.name, externals);
  renameComponents(localised, config.renames);
  const doc = cleanDocument(localised, new Set(config.keptExtensions));
  doc.info = { title: upstream.info.title, version: upstream.info.version };
  annotateOperations(doc, config);
  describeResponses(doc);
  mapDiscriminators(doc);
  typeObjectSchemas(doc);
  const body = stringify(orderDocument(doc), { lineWidth: 0, aliasDuplicateObjects: false });
  const files = config.references.filter((reference) => !reference.schemas);
  const header = [
    '# GENERATED FILE: DO NOT EDIT BY HAND.',
    `# Derived by ${config.packagePath}/${config.scripts.derive} from the reference ${config.upstream.title}`,
    `# (${config.upstream.file}, info.version ${upstream.info.version}, sha256 ${sha256(upstreamText)})`,
    ...files.map(
      (reference, i) =>
        `# and ${reference.title} (sha256 ${sha256(referenceTexts[reference.name])})${i === files.length - 1 ? '.' : ''}`,
    ),
    `# Re-derive: pnpm --filter ${config.packageName} contract:derive ${deriveUsage(config)}`,
    `# then regenerate the client: pnpm --filter ${config.packageName} generate`,
  ];
  return `${header.join('\n')}\n${body}`;
};

/** The derive command's arguments for this contract: `--spec <region.spec.yaml> --common <common.spec.yaml>`. */
export const deriveUsage = (config) =>
  [
    `--spec <${config.upstream.file}>`,
    ...config.references.filter((reference) => !reference.schemas).map((r) => `--${r.name} <${r.file}>`),
  ].join(' ');
