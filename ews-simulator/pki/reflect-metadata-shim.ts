/**
 * @peculiar/x509 registers its services with tsyringe, which refuses to load without a Reflect metadata
 * polyfill. The published build carries no decorator metadata, so a map-backed stand-in for the three
 * calls tsyringe makes is enough; this saves a `reflect-metadata` dependency.
 */
type MetadataTarget = object;
const store = new WeakMap<MetadataTarget, Map<unknown, unknown>>();

const reflect = Reflect as typeof Reflect & {
  getMetadata?: (key: unknown, target: MetadataTarget) => unknown;
  getOwnMetadata?: (key: unknown, target: MetadataTarget) => unknown;
  defineMetadata?: (key: unknown, value: unknown, target: MetadataTarget) => void;
};

if (!reflect.getMetadata) {
  reflect.getOwnMetadata = (key, target) => store.get(target)?.get(key);
  reflect.getMetadata = (key, target) => {
    for (let at: MetadataTarget | null = target; at; at = Object.getPrototypeOf(at)) {
      const value = store.get(at)?.get(key);
      if (value !== undefined) return value;
    }
    return undefined;
  };
  reflect.defineMetadata = (key, value, target) => {
    const entries = store.get(target) ?? new Map();
    entries.set(key, value);
    store.set(target, entries);
  };
}
