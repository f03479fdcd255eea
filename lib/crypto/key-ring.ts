import { timingSafeEqual } from "node:crypto";
import { inspect } from "node:util";

// No "server-only" here: lib/env/schema.ts parses CREDENTIALS_KEY with this module, and the env
// check also runs outside the react-server condition. The vault itself is server-only.

export const KEY_BYTES = 32;
/** key_version is a Postgres int. */
export const MAX_KEY_VERSION = 2_147_483_647;

export interface VersionedKey {
  version: number;
  key: Buffer;
}

/**
 * The credentials keys: the newest (highest version) encrypts, every one decrypts. The key
 * bytes live in a private field and the ring prints as its versions only, so logging the
 * environment or an error that carries the ring never writes key material.
 */
export class CredentialKeyRing {
  readonly #keys: ReadonlyMap<number, Buffer>;
  /** Newest first. */
  readonly versions: readonly number[];

  constructor(keys: readonly VersionedKey[]) {
    if (keys.length === 0) throw new TypeError("A credentials key ring needs at least one key.");
    const map = new Map<number, Buffer>();
    for (const { version, key } of keys) {
      if (!Number.isInteger(version) || version < 1 || version > MAX_KEY_VERSION) {
        throw new TypeError("Credentials key versions must be positive integers.");
      }
      if (map.has(version)) throw new TypeError(`Credentials key version ${version} appears twice.`);
      if (key.length !== KEY_BYTES) throw new TypeError(`Credentials key version ${version} is not 32 bytes.`);
      // A copy: the caller's buffer may be reused or zeroed later.
      map.set(version, Buffer.from(key));
    }
    this.#keys = map;
    this.versions = [...map.keys()].sort((a, b) => b - a);
  }

  /** The version new secrets are sealed with. */
  get currentVersion(): number {
    return this.versions[0] as number;
  }

  /** Key bytes for one version, for the vault's cipher only; undefined when the ring lacks it. */
  keyMaterial(version: number): Buffer | undefined {
    return this.#keys.get(version);
  }

  /** Whether any key of this ring is also in `other` (the production check against the demo's key). */
  sharesKeyWith(other: CredentialKeyRing): boolean {
    for (const mine of this.#keys.values()) {
      for (const version of other.versions) {
        const theirs = other.keyMaterial(version);
        if (theirs && timingSafeEqual(mine, theirs)) return true;
      }
    }
    return false;
  }

  toJSON(): { versions: readonly number[] } {
    return { versions: this.versions };
  }

  [inspect.custom](): string {
    return `CredentialKeyRing { versions: [${this.versions.join(", ")}] }`;
  }
}

export type ParsedKeys = { ok: true; ring: CredentialKeyRing } | { ok: false; problem: string };

const NOT_A_KEY = "must be 32 random bytes, base64-encoded";
const LIST_FORMAT = 'versioned keys are written "2:<new key>,1:<old key>"';

/**
 * Standard base64 of exactly 32 bytes (openssl's form, padding optional), in its one canonical
 * spelling: a stray or garbled character is an error, not silently decoded to other bytes.
 */
function decodeKey(text: string): Buffer | undefined {
  if (!/^[A-Za-z0-9+/]{43}=?$/.test(text)) return undefined;
  const bytes = Buffer.from(text, "base64");
  if (bytes.length !== KEY_BYTES || bytes.toString("base64").replace(/=$/, "") !== text.replace(/=$/, "")) {
    return undefined;
  }
  return bytes;
}

/**
 * Parses CREDENTIALS_KEY: either one plain base64 key (version 1, the original format) or a
 * comma-separated list of `<version>:<base64 key>`. Every entry of a list must carry its version,
 * and which key encrypts follows from the numbers, not the order, so a list cannot silently
 * encrypt with an old key. Problems never quote the value: any part of it may be key material.
 */
export function parseCredentialKeys(value: string): ParsedKeys {
  const trimmed = value.trim();
  if (!trimmed.includes(":") && !trimmed.includes(",")) {
    const key = decodeKey(trimmed);
    return key ? { ok: true, ring: new CredentialKeyRing([{ version: 1, key }]) } : { ok: false, problem: NOT_A_KEY };
  }

  const entries = trimmed.split(",").map((entry) => entry.trim());
  const keys: VersionedKey[] = [];
  for (const [index, entry] of entries.entries()) {
    const where = `entry ${index + 1}`;
    if (entry === "") return { ok: false, problem: `has an empty ${where} (a stray comma?)` };
    const colon = entry.indexOf(":");
    if (colon < 0) return { ok: false, problem: `${where} has no version: ${LIST_FORMAT}` };
    const versionText = entry.slice(0, colon).trim();
    const version = /^[1-9][0-9]{0,9}$/.test(versionText) ? Number(versionText) : Number.NaN;
    if (!(version <= MAX_KEY_VERSION)) {
      return {
        ok: false,
        problem: `${where} needs a version that is a positive whole number (1, 2, 3…): ${LIST_FORMAT}`,
      };
    }
    if (keys.some((k) => k.version === version)) {
      return { ok: false, problem: `has key version ${version} twice; each version must be unique` };
    }
    const key = decodeKey(entry.slice(colon + 1).trim());
    if (!key) return { ok: false, problem: `key version ${version} ${NOT_A_KEY}` };
    const same = keys.find((k) => timingSafeEqual(k.key, key));
    if (same) {
      return {
        ok: false,
        problem: `key versions ${same.version} and ${version} are the same key; a new version needs a new key`,
      };
    }
    keys.push({ version, key });
  }
  return { ok: true, ring: new CredentialKeyRing(keys) };
}
