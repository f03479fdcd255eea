import fs from "node:fs";
import os from "node:os";
import { type AuthChoice, addAccount, removeAccount } from "./accounts";
import { AppCallError, AppClient, parseServerUrl } from "./app-client";
import { ConnectorExit, EXIT } from "./exit-codes";
import { readExchangePassword } from "./prompt";
import { ensureStateDir, readState, resolveStateDir, writeState } from "./state";

/** What the commands print for a person (run logs JSON lines instead). */
export interface Output {
  out: (line: string) => void;
  err: (line: string) => void;
}

function readPemFile(file: string, option: string): string {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    throw new ConnectorExit(EXIT.usage, `${option}: cannot read ${file} (${(error as NodeJS.ErrnoException).code}).`);
  }
  if (!/-----BEGIN CERTIFICATE-----/.test(text)) {
    throw new ConnectorExit(EXIT.usage, `${option}: ${file} holds no PEM certificate (-----BEGIN CERTIFICATE-----).`);
  }
  return text;
}

export async function pairCommand(input: {
  stateDir?: string;
  server: string;
  code: string;
  serverCa?: string;
  proxy?: string;
  output: Output;
}): Promise<void> {
  const serverUrl = parseServerUrl(input.server).toString();
  const dir = resolveStateDir(input.stateDir);
  ensureStateDir(dir);
  const state = readState(dir);
  const serverCaPem = input.serverCa ? readPemFile(input.serverCa, "--server-ca") : null;
  const client = new AppClient({
    serverUrl,
    caPem: serverCaPem,
    ...(input.proxy ? { proxy: input.proxy } : {}),
  });
  try {
    const paired = await client.pair({ code: input.code.trim().toUpperCase(), hostname: os.hostname() });
    writeState({
      dir,
      state: {
        ...state,
        pairing: {
          serverUrl,
          serverCaPem,
          connectorId: paired.connectorId,
          organisation: paired.organisation,
          token: paired.token,
          heartbeatSeconds: paired.heartbeatSeconds,
          pollSeconds: paired.pollSeconds,
          pairedAt: new Date().toISOString(),
        },
      },
    });
    input.output.out(`Paired with ${paired.organisation} at ${client.host} as connector ${paired.connectorId}.`);
    input.output.out(`The token is saved in ${dir} (readable by this user only).`);
    if (state.accounts.length === 0) {
      input.output.out("Next: add-account --ews-url … --username … --mailbox …, then run.");
    }
  } catch (error) {
    if (error instanceof AppCallError) {
      const code = error.kind === "upgrade-required" ? EXIT.upgradeRequired : EXIT.failed;
      throw new ConnectorExit(code, `Pairing failed: ${error.message}`);
    }
    throw error;
  } finally {
    await client.destroy();
  }
}

export async function addAccountCommand(input: {
  stateDir?: string;
  ewsUrl: string;
  username: string;
  auth: AuthChoice;
  mailboxes: string[];
  impersonate: boolean;
  exchangeCa?: string;
  output: Output;
}): Promise<void> {
  const dir = resolveStateDir(input.stateDir);
  ensureStateDir(dir);
  const state = readState(dir);
  const exchangeCaPem = input.exchangeCa ? readPemFile(input.exchangeCa, "--exchange-ca") : null;
  const password = await readExchangePassword({});
  const {
    state: next,
    record,
    certificate,
  } = await addAccount({
    dir,
    state,
    account: {
      ewsUrl: input.ewsUrl,
      username: input.username,
      password,
      auth: input.auth,
      mailboxes: input.mailboxes,
      impersonate: input.impersonate,
      exchangeCaPem,
    },
  });
  writeState({ dir, state: next });
  if (certificate.ok) {
    input.output.out(
      `Certificate accepted: ${certificate.certificate.subject.commonName ?? certificate.host}, ${certificate.tlsVersion}, expires ${certificate.certificate.validTo.slice(0, 10)}.`,
    );
    for (const warning of certificate.warnings) input.output.out(`Warning: ${warning.message} ${warning.hint}`);
  }
  input.output.out(
    `Account ${record.id} saved (${record.authMethod.toUpperCase()}${record.impersonate ? ", impersonation" : ""}) for ${record.mailboxes.join(", ")}.`,
  );
  if (state.pairing) input.output.out("A running connector picks it up within a few seconds.");
}

export function removeAccountCommand(input: { stateDir?: string; which: string; output: Output }): void {
  const dir = resolveStateDir(input.stateDir);
  const { state, removed } = removeAccount({ state: readState(dir), which: input.which });
  writeState({ dir, state });
  input.output.out(`Account ${removed.id} (${removed.username}; ${removed.mailboxes.join(", ")}) removed.`);
  if (state.pairing) input.output.out("A running connector stops serving its mailboxes within a few seconds.");
}

export function accountsCommand(input: { stateDir?: string; output: Output }): void {
  const dir = resolveStateDir(input.stateDir);
  const state = readState(dir);
  const pairing = state.pairing;
  input.output.out(
    pairing
      ? `Paired with ${pairing.organisation} at ${new URL(pairing.serverUrl).host} (connector ${pairing.connectorId}).`
      : "Not paired yet.",
  );
  if (state.accounts.length === 0) {
    input.output.out("No Exchange accounts.");
    return;
  }
  const sealing = state.sealing?.kind === "passphrase" ? "a passphrase" : "the key file";
  input.output.out(`Exchange accounts (passwords sealed with ${sealing}, never shown):`);
  for (const account of state.accounts) {
    input.output.out(
      `- ${account.id}  ${account.username}  ${account.authMethod.toUpperCase()}${account.impersonate ? " impersonation" : ""}  ${account.ewsUrl}${account.caPem ? "  (own CA)" : ""}`,
    );
    input.output.out(`    mailboxes: ${account.mailboxes.join(", ")}`);
  }
}
