import { randomBytes, scryptSync } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { CredentialKeyRing, decryptSecret, encryptSecret, KEY_BYTES, VaultError } from "@/lib/crypto";
import { ConnectorExit, EXIT } from "./exit-codes";
import { assertPrivateFile, type ConnectorState, ensureStateDir, type Sealing } from "./state";

/**
 * Exchange passwords are sealed with lib/crypto's vault (AES-256-GCM, random nonce, the account id as
 * associated data) under one key, which comes from either
 * - SLOTBRIDGE_CONNECTOR_PASSPHRASE through scrypt with a salt stored in state.json: nothing on disk opens
 *   the passwords; a copy of the whole folder (a backup, a stolen disk) is useless without the passphrase;
 * - or a random key in the file `key` (0600) next to state.json: state.json alone (pasted into a ticket,
 *   a backup of that one file) reveals no password, but whoever can read the whole folder as this user
 *   can open them. File modes are the protection there, as for the token.
 * The mode is fixed when the first password is sealed; `check` (a sealed constant) tells a wrong
 * passphrase or key file apart before any account is tried.
 */

export const KEY_FILE = "key";
export const PASSPHRASE_ENV = "SLOTBRIDGE_CONNECTOR_PASSPHRASE";
const CHECK_CONTEXT = "slotbridge-connector.sealing-check";
const CHECK_TEXT = "slotbridge-connector";
/** 2^15 × 8 × 128 bytes = 32 MiB and ~0.1 s per derivation: once per command, never per request. */
const SCRYPT = { N: 2 ** 15, r: 8, p: 1 } as const;
const SALT_BYTES = 16;

export interface Sealer {
  sealing: Sealing;
  seal(input: { plaintext: string; context: string }): string;
  open(input: { sealed: string; context: string }): string;
}

function ringOf(key: Buffer): CredentialKeyRing {
  return new CredentialKeyRing([{ version: 1, key }]);
}

function deriveKey(input: { passphrase: string; salt: Buffer; params: { N: number; r: number; p: number } }): Buffer {
  const { N, r, p } = input.params;
  return scryptSync(input.passphrase.normalize("NFC"), input.salt, KEY_BYTES, { N, r, p, maxmem: 256 * N * r });
}

function readKeyFile(dir: string): Buffer | undefined {
  const file = path.join(dir, KEY_FILE);
  if (!fs.existsSync(file)) return undefined;
  assertPrivateFile(file);
  const key = Buffer.from(fs.readFileSync(file, "utf8").trim(), "base64");
  if (key.length !== KEY_BYTES) {
    throw new ConnectorExit(EXIT.state, `${file} is not a connector key (32 bytes, base64). Restore it from a backup.`);
  }
  return key;
}

function createKeyFile(dir: string): Buffer {
  ensureStateDir(dir);
  const key = randomBytes(KEY_BYTES);
  // "wx": never overwrite a key that sealed passwords; 0600 from the first byte.
  fs.writeFileSync(path.join(dir, KEY_FILE), `${key.toString("base64")}\n`, { flag: "wx", mode: 0o600 });
  return key;
}

function sealerFor(input: { key: Buffer; sealing: Sealing }): Sealer {
  const keys = ringOf(input.key);
  return {
    sealing: input.sealing,
    seal: ({ plaintext, context }) => encryptSecret({ plaintext, context, keys }),
    open: ({ sealed, context }) => decryptSecret({ sealed, context, keys }),
  };
}

function opens(input: { key: Buffer; check: string }): boolean {
  try {
    return decryptSecret({ sealed: input.check, context: CHECK_CONTEXT, keys: ringOf(input.key) }) === CHECK_TEXT;
  } catch (error) {
    if (error instanceof VaultError) return false;
    throw error;
  }
}

/**
 * The sealer for this state: the stored mode with its key, checked; or, before the first password, a new
 * mode (passphrase when the variable is set, else a new key file). The caller stores `sealer.sealing`.
 */
export function openSealer(input: {
  dir: string;
  state: ConnectorState;
  env?: Readonly<Record<string, string | undefined>>;
}): Sealer {
  const passphrase = (input.env ?? process.env)[PASSPHRASE_ENV];
  const stored = input.state.sealing;
  if (!stored) {
    if (passphrase) {
      const salt = randomBytes(SALT_BYTES);
      const key = deriveKey({ passphrase, salt, params: SCRYPT });
      const check = encryptSecret({ plaintext: CHECK_TEXT, context: CHECK_CONTEXT, keys: ringOf(key) });
      return sealerFor({ key, sealing: { kind: "passphrase", salt: salt.toString("base64"), scrypt: SCRYPT, check } });
    }
    const key = readKeyFile(input.dir) ?? createKeyFile(input.dir);
    const check = encryptSecret({ plaintext: CHECK_TEXT, context: CHECK_CONTEXT, keys: ringOf(key) });
    return sealerFor({ key, sealing: { kind: "key-file", check } });
  }

  if (stored.kind === "passphrase") {
    if (!passphrase) {
      throw new ConnectorExit(
        EXIT.state,
        `The Exchange passwords in ${input.dir} are sealed with a passphrase: set ${PASSPHRASE_ENV} to it.`,
      );
    }
    const key = deriveKey({ passphrase, salt: Buffer.from(stored.salt, "base64"), params: stored.scrypt });
    if (!opens({ key, check: stored.check })) {
      throw new ConnectorExit(
        EXIT.state,
        `${PASSPHRASE_ENV} is not the passphrase the Exchange passwords were sealed with. Set the right one, or remove the accounts and add them again.`,
      );
    }
    return sealerFor({ key, sealing: stored });
  }

  if (passphrase) {
    throw new ConnectorExit(
      EXIT.state,
      `${PASSPHRASE_ENV} is set, but the Exchange passwords in ${input.dir} are sealed with the key file, not a passphrase. ` +
        `Unset it, or remove every account (remove-account) and add them again with it set.`,
    );
  }
  const key = readKeyFile(input.dir);
  if (!key) {
    throw new ConnectorExit(
      EXIT.state,
      `The key file ${path.join(input.dir, KEY_FILE)} is missing, so the stored Exchange passwords cannot be opened. Restore it, or remove the accounts and add them again.`,
    );
  }
  if (!opens({ key, check: stored.check })) {
    throw new ConnectorExit(
      EXIT.state,
      `The key file ${path.join(input.dir, KEY_FILE)} does not open the stored Exchange passwords (replaced?). Restore the original, or remove the accounts and add them again.`,
    );
  }
  return sealerFor({ key, sealing: stored });
}
