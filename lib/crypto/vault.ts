import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import type { CredentialKeyRing } from "./key-ring";

/*
 * Sealed form: `v<keyVersion>.<nonce>.<ciphertext>.<tag>`, each part unpadded base64url.
 * Text rather than bytea because it goes into a text column through both drivers unchanged and
 * reads safely in a psql session or a dump; the key version up front lets rotation and
 * `needsRotation` tell which key sealed a value without trying any. `.` is outside the base64url
 * alphabet, so splitting is unambiguous. Only random or encrypted bytes are stored: the
 * ciphertext reveals the password's length, nothing else.
 */
const SEALED = /^v([1-9][0-9]{0,9})\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]*)\.([A-Za-z0-9_-]+)$/;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
/** Names this layout in the authenticated data: a future layout cannot be confused with it. */
const AAD_LABEL = "slotbridge.credential-vault.v1";

export type VaultErrorCode = "malformed" | "unknown_key_version" | "decryption_failed" | "invalid_input";

/** A vault failure. Its message and fields never hold a secret, a key or the sealed value. */
export class VaultError extends Error {
  constructor(
    readonly code: VaultErrorCode,
    message: string,
    readonly keyVersion?: number,
  ) {
    super(message);
    this.name = "VaultError";
  }
}

/**
 * Binds a ciphertext to where it belongs: the row's context (the connection id) and the key
 * version. JSON of an array is injective, so no two (version, context) pairs share bytes.
 */
function additionalData({ keyVersion, context }: { keyVersion: number; context: string }): Buffer {
  return Buffer.from(JSON.stringify([AAD_LABEL, keyVersion, context]), "utf8");
}

function requireContext(context: string): void {
  if (context.length === 0) throw new VaultError("invalid_input", "A vault context (the connection id) is required.");
}

/** Strict base64url: the one canonical spelling only, so no two strings open to the same bytes. */
function decodePart({ text, bytes }: { text: string; bytes?: number }): Buffer {
  const decoded = Buffer.from(text, "base64url");
  if (decoded.toString("base64url") !== text || (bytes !== undefined && decoded.length !== bytes)) {
    throw new VaultError("malformed", "Not a sealed credential (damaged or truncated).");
  }
  return decoded;
}

function parseSealed(sealed: string) {
  const match = SEALED.exec(sealed);
  if (!match) throw new VaultError("malformed", "Not a sealed credential (damaged or truncated).");
  const [, version = "", nonce = "", ciphertext = "", tag = ""] = match;
  return {
    keyVersion: Number(version),
    nonce: decodePart({ text: nonce, bytes: NONCE_BYTES }),
    ciphertext: decodePart({ text: ciphertext }),
    tag: decodePart({ text: tag, bytes: TAG_BYTES }),
  };
}

/** Encrypts with the ring's newest key under a fresh random nonce. */
export function encryptSecret({
  plaintext,
  context,
  keys,
}: {
  plaintext: string;
  context: string;
  keys: CredentialKeyRing;
}): string {
  requireContext(context);
  // A lone surrogate would be replaced while encoding, and the secret would not come back intact.
  if (!plaintext.isWellFormed()) throw new VaultError("invalid_input", "The secret is not valid Unicode text.");
  const keyVersion = keys.currentVersion;
  const key = keys.keyMaterial(keyVersion) as Buffer;
  // 96 random bits per message: with one key, GCM stays safe far beyond any count of stored passwords.
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(additionalData({ keyVersion, context }));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return `v${keyVersion}.${nonce.toString("base64url")}.${ciphertext.toString("base64url")}.${tag.toString("base64url")}`;
}

/** Decrypts, failing closed: any changed byte, another context, a missing key or a cut value throws VaultError. */
export function decryptSecret({
  sealed,
  context,
  keys,
}: {
  sealed: string;
  context: string;
  keys: CredentialKeyRing;
}): string {
  requireContext(context);
  const { keyVersion, nonce, ciphertext, tag } = parseSealed(sealed);
  const key = keys.keyMaterial(keyVersion);
  if (!key) {
    throw new VaultError(
      "unknown_key_version",
      `Sealed with credentials key version ${keyVersion}, which CREDENTIALS_KEY does not hold ` +
        `(it holds: ${keys.versions.join(", ")}). Put that key back, or enter the password again.`,
      keyVersion,
    );
  }
  // authTagLength pins the tag at 16 bytes: without it Node accepts shorter (weaker) tags.
  const decipher = createDecipheriv("aes-256-gcm", key, nonce, { authTagLength: TAG_BYTES });
  decipher.setAAD(additionalData({ keyVersion, context }));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString("utf8");
  } catch {
    // Deliberately no cause: the vault's errors carry nothing of the value or the key.
    throw new VaultError(
      "decryption_failed",
      "The sealed credential does not open: it was altered, belongs to another record, or the key differs.",
      keyVersion,
    );
  }
}

/** The key version a sealed value names (unauthenticated: decryptSecret is the check). */
export function sealedKeyVersion(sealed: string): number {
  return parseSealed(sealed).keyVersion;
}

/** Whether a sealed value should be re-encrypted to the ring's newest key. */
export function needsRotation({ sealed, keys }: { sealed: string; keys: CredentialKeyRing }): boolean {
  return sealedKeyVersion(sealed) !== keys.currentVersion;
}
