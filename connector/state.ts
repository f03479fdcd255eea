import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { z } from "zod";
import { ConnectorExit, EXIT } from "./exit-codes";

/**
 * The connector's one state file (state.json, mode 0600, in a 0700 folder): the pairing (server URL, its
 * CA, the token) and the Exchange accounts with their sealed passwords. Only `pair`, `add-account` and
 * `remove-account` write it, each as a whole new file renamed into place; `run` only reads it.
 */

export const STATE_FILE = "state.json";

const accountSchema = z.object({
  id: z.string().min(1),
  ewsUrl: z.url(),
  username: z.string().min(1),
  /** "auto" is settled when the account is added: the method that worked is stored. */
  authMethod: z.enum(["ntlm", "basic"]),
  impersonate: z.boolean(),
  mailboxes: z.array(z.string().min(3)).min(1),
  /** The organisation's private CA for this Exchange server, PEM; null = public roots only. */
  caPem: z.string().nullable(),
  /** lib/crypto/vault's sealed form, bound to the account id. */
  sealedPassword: z.string().min(1),
  addedAt: z.string(),
});

const sealingSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("passphrase"),
    salt: z.string().min(1),
    scrypt: z.object({ N: z.number().int(), r: z.number().int(), p: z.number().int() }),
    check: z.string().min(1),
  }),
  z.object({ kind: z.literal("key-file"), check: z.string().min(1) }),
]);

const pairingSchema = z.object({
  serverUrl: z.url(),
  /** Extra root(s) for the app server (--server-ca at pairing), PEM; null = public roots only. */
  serverCaPem: z.string().nullable(),
  connectorId: z.string().min(1),
  organisation: z.string(),
  token: z.string().min(1),
  heartbeatSeconds: z.number().positive(),
  pollSeconds: z.number().positive(),
  pairedAt: z.string(),
});

const stateSchema = z.object({
  version: z.literal(1),
  pairing: pairingSchema.nullable(),
  sealing: sealingSchema.nullable(),
  accounts: z.array(accountSchema),
});

export type AccountRecord = z.infer<typeof accountSchema>;
export type Sealing = z.infer<typeof sealingSchema>;
export type Pairing = z.infer<typeof pairingSchema>;
export type ConnectorState = z.infer<typeof stateSchema>;

export function emptyState(): ConnectorState {
  return { version: 1, pairing: null, sealing: null, accounts: [] };
}

/** --state-dir, else $SLOTBRIDGE_CONNECTOR_HOME, else ~/.config/slotbridge-connector. */
export function resolveStateDir(
  option: string | undefined,
  env: Readonly<Record<string, string | undefined>> = process.env,
): string {
  const chosen = option ?? env.SLOTBRIDGE_CONNECTOR_HOME;
  return path.resolve(
    chosen && chosen.length > 0 ? chosen : path.join(os.homedir(), ".config", "slotbridge-connector"),
  );
}

// Windows has no POSIX modes: there the folder's ACL (the user's profile) is what protects it.
const CHECK_MODES = process.platform !== "win32";

/** Refuses a file others can read or that another user owns; the message says how to fix it. */
export function assertPrivateFile(file: string): void {
  if (!CHECK_MODES) return;
  const stat = fs.statSync(file);
  if (typeof process.getuid === "function" && stat.uid !== process.getuid()) {
    throw new ConnectorExit(
      EXIT.state,
      `${file} belongs to another user (uid ${stat.uid}). Run the connector as that user, or give the file to this one.`,
    );
  }
  if ((stat.mode & 0o077) !== 0) {
    const mode = (stat.mode & 0o777).toString(8).padStart(3, "0");
    throw new ConnectorExit(
      EXIT.state,
      `${file} can be read or changed by other users (mode ${mode}); it holds the connector's token and ` +
        `passwords. Fix it with: chmod 600 ${quote(file)}`,
    );
  }
}

/** Creates the folder 0700 if missing; refuses one that other users may write into. */
export function ensureStateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (!CHECK_MODES) return;
  const stat = fs.statSync(dir);
  if (!stat.isDirectory()) throw new ConnectorExit(EXIT.state, `${dir} is not a folder.`);
  if ((stat.mode & 0o022) !== 0) {
    throw new ConnectorExit(
      EXIT.state,
      `Other users can write into ${dir}, so they could replace the connector's files. Fix it with: chmod 700 ${quote(dir)}`,
    );
  }
}

function quote(file: string): string {
  return /^[\w@%+=:,./-]+$/.test(file) ? file : `'${file.replaceAll("'", "'\\''")}'`;
}

/** The state, or an empty one when there is no file yet (before the first pair/add-account). */
export function readState(dir: string): ConnectorState {
  const file = path.join(dir, STATE_FILE);
  if (!fs.existsSync(file)) return emptyState();
  assertPrivateFile(file);
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    throw new ConnectorExit(
      EXIT.state,
      `${file} is not valid JSON (damaged or edited by hand). Restore it from a backup, or remove it and pair again.`,
    );
  }
  const result = stateSchema.safeParse(parsed);
  if (!result.success) {
    const where = result.error.issues[0]?.path.join(".") || "the top level";
    throw new ConnectorExit(
      EXIT.state,
      `${file} is not a state file this connector understands (problem at ${where}). Restore it from a backup, or remove it and pair again.`,
    );
  }
  return result.data;
}

/**
 * Writes the whole state to a new 0600 file and renames it over the old one, so a crash never leaves
 * half a file and the file is never readable by others, not even for a moment.
 */
export function writeState(input: { dir: string; state: ConnectorState }): void {
  ensureStateDir(input.dir);
  const file = path.join(input.dir, STATE_FILE);
  const temporary = path.join(input.dir, `.${STATE_FILE}.${process.pid}.${randomBytes(4).toString("hex")}`);
  const handle = fs.openSync(temporary, "wx", 0o600);
  try {
    fs.writeFileSync(handle, `${JSON.stringify(stateSchema.parse(input.state), null, 2)}\n`);
    fs.fsyncSync(handle);
  } finally {
    fs.closeSync(handle);
  }
  try {
    fs.renameSync(temporary, file);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
}

/** The pairing, or a plain refusal when `pair` has not been run for this state folder. */
export function requirePairing(input: { state: ConnectorState; dir: string }): Pairing {
  if (!input.state.pairing) {
    throw new ConnectorExit(
      EXIT.state,
      `This connector is not paired yet (no pairing in ${input.dir}). Create a connector in the app, then run: pair --server <URL> --code <CODE>`,
    );
  }
  return input.state.pairing;
}

/** Every address the accounts serve, lower-cased, each once, sorted. */
export function servedMailboxes(state: ConnectorState): ServedMailbox[] {
  const byAddress = new Map<string, ServedMailbox>();
  for (const account of state.accounts) {
    for (const mailbox of account.mailboxes) {
      const address = mailbox.toLowerCase();
      if (!byAddress.has(address)) byAddress.set(address, { address, impersonate: account.impersonate });
    }
  }
  return [...byAddress.values()].sort((a, b) => a.address.localeCompare(b.address));
}

/** What hello tells the app of a mailbox: its address, and whether a service account acts for it. */
export interface ServedMailbox {
  address: string;
  impersonate: boolean;
}
