import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openAccounts, removeAccount } from "./accounts";
import { ConnectorExit, EXIT } from "./exit-codes";
import { KEY_FILE, openSealer, PASSPHRASE_ENV } from "./seal";
import { type AccountRecord, type ConnectorState, emptyState, readState, STATE_FILE, writeState } from "./state";

let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "connector-state-"));
  fs.chmodSync(dir, 0o700);
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const modeOf = (file: string) => fs.statSync(file).mode & 0o777;

function failure(action: () => unknown): ConnectorExit {
  try {
    action();
  } catch (error) {
    if (error instanceof ConnectorExit) return error;
    throw error;
  }
  throw new Error("expected a ConnectorExit");
}

/** A state with one account whose password is sealed by `env`'s mode. */
function stateWithAccount(input: {
  env: Readonly<Record<string, string | undefined>>;
  password?: string;
}): ConnectorState {
  const state = emptyState();
  const sealer = openSealer({ dir, state, env: input.env });
  const account: AccountRecord = {
    id: "0b1e6a8e-2f4e-4d0e-9f7c-1c1a1c1a1c1a",
    ewsUrl: "https://mail.contoso.test/EWS/Exchange.asmx",
    username: "CONTOSO\\svc-slotbridge",
    authMethod: "ntlm",
    impersonate: true,
    mailboxes: ["alice@contoso.test"],
    caPem: null,
    sealedPassword: sealer.seal({
      plaintext: input.password ?? "Pässword-1 🔑",
      context: "0b1e6a8e-2f4e-4d0e-9f7c-1c1a1c1a1c1a",
    }),
    addedAt: new Date().toISOString(),
  };
  return { ...state, sealing: sealer.sealing, accounts: [account] };
}

describe.skipIf(process.platform === "win32")("state file modes", () => {
  it("writes state.json 0600 and creates a missing folder 0700", () => {
    const nested = path.join(dir, "new", "home");
    writeState({ dir: nested, state: emptyState() });
    expect(modeOf(nested)).toBe(0o700);
    expect(modeOf(path.join(nested, STATE_FILE))).toBe(0o600);
    expect(readState(nested)).toEqual(emptyState());
    // No temporary file is left behind.
    expect(fs.readdirSync(nested)).toEqual([STATE_FILE]);
  });

  it.each([0o640, 0o604, 0o660])("refuses a state file with mode %s, naming the chmod that fixes it", (mode) => {
    writeState({ dir, state: emptyState() });
    const file = path.join(dir, STATE_FILE);
    fs.chmodSync(file, mode);
    const error = failure(() => readState(dir));
    expect(error.exitCode).toBe(EXIT.state);
    expect(error.message).toContain(`mode ${mode.toString(8)}`);
    expect(error.message).toContain(`chmod 600 ${file}`);
    fs.chmodSync(file, 0o600);
    expect(readState(dir)).toEqual(emptyState());
  });

  it("refuses a state folder others may write into", () => {
    fs.chmodSync(dir, 0o777);
    const error = failure(() => writeState({ dir, state: emptyState() }));
    expect(error.exitCode).toBe(EXIT.state);
    expect(error.message).toContain(`chmod 700 ${dir}`);
  });

  it("refuses a key file others can read", () => {
    const state = stateWithAccount({ env: {} });
    fs.chmodSync(path.join(dir, KEY_FILE), 0o644);
    expect(failure(() => openAccounts({ dir, state, env: {} })).message).toContain("chmod 600");
  });
});

describe("a broken state file", () => {
  it("is refused with a plain message, not a stack trace", () => {
    const file = path.join(dir, STATE_FILE);
    fs.writeFileSync(file, "{ not json", { mode: 0o600 });
    expect(failure(() => readState(dir))).toMatchObject({ exitCode: EXIT.state });
    fs.writeFileSync(file, JSON.stringify({ version: 1, pairing: null, sealing: null, accounts: [{ id: 3 }] }));
    expect(failure(() => readState(dir)).message).toContain("problem at accounts.0");
  });
});

describe("sealed Exchange passwords", () => {
  it("key-file mode: round trip; state.json holds no password, the key sits in its own 0600 file", () => {
    const state = stateWithAccount({ env: {} });
    writeState({ dir, state });
    expect(fs.readFileSync(path.join(dir, STATE_FILE), "utf8")).not.toContain("Pässword-1");
    if (process.platform !== "win32") expect(modeOf(path.join(dir, KEY_FILE))).toBe(0o600);
    const [account] = openAccounts({ dir, state: readState(dir), env: {} });
    expect(account?.password).toBe("Pässword-1 🔑");
  });

  it("passphrase mode: round trip with the passphrase, a plain refusal without it or with a wrong one", () => {
    const env = { [PASSPHRASE_ENV]: "correct horse battery staple" };
    writeState({ dir, state: stateWithAccount({ env }) });
    expect(fs.existsSync(path.join(dir, KEY_FILE))).toBe(false);
    const state = readState(dir);
    expect(state.sealing?.kind).toBe("passphrase");
    expect(openAccounts({ dir, state, env })[0]?.password).toBe("Pässword-1 🔑");

    const wrong = failure(() =>
      openAccounts({ dir, state, env: { [PASSPHRASE_ENV]: "Correct horse battery staple" } }),
    );
    expect(wrong).toMatchObject({ exitCode: EXIT.state });
    expect(wrong.message).toContain("is not the passphrase");
    expect(failure(() => openAccounts({ dir, state, env: {} })).message).toContain(`set ${PASSPHRASE_ENV}`);
  });

  it("a key file replaced by another key does not open the passwords", () => {
    writeState({ dir, state: stateWithAccount({ env: {} }) });
    fs.writeFileSync(path.join(dir, KEY_FILE), `${Buffer.alloc(32, 7).toString("base64")}\n`, { mode: 0o600 });
    expect(failure(() => openAccounts({ dir, state: readState(dir), env: {} })).message).toContain("does not open");
  });

  it("a sealed password moved to another account does not open (bound to the account id)", () => {
    const state = stateWithAccount({ env: {} });
    const moved = { ...state, accounts: state.accounts.map((a) => ({ ...a, id: "another-account" })) };
    expect(failure(() => openAccounts({ dir, state: moved, env: {} })).message).toContain("does not open");
  });

  it("mixing modes is refused; removing the last account lets the mode start over", () => {
    const state = stateWithAccount({ env: {} });
    const env = { [PASSPHRASE_ENV]: "a passphrase" };
    expect(failure(() => openSealer({ dir, state, env })).message).toContain("sealed with the key file");
    const { state: empty } = removeAccount({ state, which: "alice@contoso.test" });
    expect(empty.sealing).toBeNull();
    expect(openSealer({ dir, state: empty, env }).sealing.kind).toBe("passphrase");
  });
});
