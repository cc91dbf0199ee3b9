/**
 * A minimal `Reflect` metadata polyfill.
 *
 * `@peculiar/x509` depends on tsyringe, which refuses to load unless `Reflect.getMetadata` exists
 * ("tsyringe requires a reflect polyfill"). The usual fix is the `reflect-metadata` package; testkit avoids the extra
 * dependency with this small implementation of the few functions tsyringe and tslib call. It is installed on the
 * global `Reflect` only when no polyfill is present.
 */

type MetadataTable = Map<unknown, unknown>;
type MetadataTarget = object;
type PropertyKeyOrNone = string | symbol | undefined;

const metadataStore = new WeakMap<MetadataTarget, Map<PropertyKeyOrNone, MetadataTable>>();

function ownTable(target: MetadataTarget, property: PropertyKeyOrNone, create: boolean): MetadataTable | undefined {
  let byProperty = metadataStore.get(target);
  if (byProperty === undefined) {
    if (!create) return undefined;
    byProperty = new Map();
    metadataStore.set(target, byProperty);
  }
  let table = byProperty.get(property);
  if (table === undefined && create) {
    table = new Map();
    byProperty.set(property, table);
  }
  return table;
}

function getOwnMetadata(key: unknown, target: MetadataTarget, property?: PropertyKeyOrNone): unknown {
  return ownTable(target, property, false)?.get(key);
}

function getMetadata(key: unknown, target: MetadataTarget, property?: PropertyKeyOrNone): unknown {
  for (let current: object | null = target; current !== null; current = Object.getPrototypeOf(current)) {
    const table = ownTable(current, property, false);
    if (table?.has(key)) return table.get(key);
  }
  return undefined;
}

function defineMetadata(key: unknown, value: unknown, target: MetadataTarget, property?: PropertyKeyOrNone): void {
  ownTable(target, property, true)?.set(key, value);
}

/** Installs the polyfill on the global `Reflect` unless `Reflect.getMetadata` already exists. Idempotent. */
export function installReflectMetadata(): void {
  const reflect = Reflect as unknown as Record<string, unknown>;
  if (typeof reflect.getMetadata === 'function') return;
  reflect.getMetadata = getMetadata;
  reflect.getOwnMetadata = getOwnMetadata;
  reflect.defineMetadata = defineMetadata;
  reflect.hasMetadata = (key: unknown, target: MetadataTarget, property?: PropertyKeyOrNone) =>
    getMetadata(key, target, property) !== undefined;
  reflect.hasOwnMetadata = (key: unknown, target: MetadataTarget, property?: PropertyKeyOrNone) =>
    ownTable(target, property, false)?.has(key) ?? false;
  reflect.metadata = (key: unknown, value: unknown) => (target: MetadataTarget, property?: PropertyKeyOrNone) =>
    defineMetadata(key, value, target, property);
}
