import type { Logger } from "pino";
import { openAccounts } from "./accounts";
import { AppCallError, AppClient } from "./app-client";
import { sleep } from "./backoff";
import { ConnectorRunner, type RunOutcome } from "./channel";
import type { Output } from "./commands";
import { ConnectorExit, EXIT, type ExitCode } from "./exit-codes";
import { createConnectorLogger } from "./log";
import { type ExchangeAccount, ExchangeRelay, type RelayAnswer, type RelayRequest } from "./relay";
import { type RelayExecutor, RequestHandler } from "./requests";
import {
  type ConnectorState,
  type Pairing,
  readState,
  requirePairing,
  resolveStateDir,
  servedMailboxes,
} from "./state";
import { StateFileWatcher, stateFileSignature } from "./state-watch";

export interface RunCommandInput {
  stateDir?: string;
  pollInterval?: number;
  channelRetry?: number;
  /** --auto-sync: poll only. */
  autoSyncOnly?: boolean;
  proxy?: string;
  once?: boolean;
  output: Output;
  log?: Logger;
  /** Stops the run (the CLI wires SIGINT/SIGTERM to it). */
  signal: AbortSignal;
  /** Called once the runner exists, and again after a new pairing (the CLI's second Ctrl-C uses it). */
  onStarted?: (parts: { runner: ConnectorRunner; handler: RequestHandler }) => void;
  /** How often state.json is checked for changes (default 3 s; tests shorten it). */
  stateCheckMs?: number;
}

/** The state as `run` uses it: the pairing, and the accounts with their passwords opened. */
interface LoadedState {
  state: ConnectorState;
  pairing: Pairing;
  accounts: ExchangeAccount[];
}

/** Every check of a start: the file's modes and owner, its shape, the pairing, the passphrase or key file. */
function loadState(dir: string): LoadedState {
  const state = readState(dir);
  const pairing = requirePairing({ state, dir });
  return { state, pairing, accounts: openAccounts({ dir, state }) };
}

/** Another token, server or CA means `pair` ran again. */
function samePairing(a: Pairing, b: Pairing): boolean {
  return (
    a.serverUrl === b.serverUrl &&
    a.serverCaPem === b.serverCaPem &&
    a.token === b.token &&
    a.connectorId === b.connectorId
  );
}

const accountsOf = (state: ConnectorState) => JSON.stringify({ sealing: state.sealing, accounts: state.accounts });
const mailboxesOf = (state: ConnectorState) => JSON.stringify(servedMailboxes(state));

/**
 * The handler's executor across reloads: each request runs on the relay current when it starts, and a
 * replaced relay closes its connections as its last requests end.
 */
class ReloadableRelay implements RelayExecutor {
  constructor(private current: ExchangeRelay) {}

  execute(input: { request: RelayRequest; timeoutMs: number }): Promise<RelayAnswer> {
    return this.current.execute(input);
  }

  replace(next: ExchangeRelay): void {
    const old = this.current;
    this.current = next;
    old.close();
  }

  close(): void {
    this.current.close();
  }
}

type PairingEnd = { kind: "exit"; code: ExitCode } | { kind: "paired-again"; next: LoadedState; signature: string };

/**
 * `run`: one session per pairing. Accounts changed by add-account/remove-account are picked up while it
 * runs; after `pair` ran again it finishes the requests in flight and connects with the new pairing.
 */
export async function runCommand(input: RunCommandInput): Promise<ExitCode> {
  const dir = resolveStateDir(input.stateDir);
  let signature = stateFileSignature(dir);
  let loaded = loadState(dir);
  const log = input.log ?? createConnectorLogger();
  // Request ids already taken, kept across pairings so that a write is never run twice.
  const remembered = new Map<string, number>();
  for (;;) {
    const end = await runPairing({ input, dir, log, loaded, signature, remembered });
    if (end.kind === "exit") return end.code;
    if (input.signal.aborted) return EXIT.ok;
    loaded = end.next;
    signature = end.signature;
  }
}

async function runPairing(session: {
  input: RunCommandInput;
  dir: string;
  log: Logger;
  loaded: LoadedState;
  signature: string;
  remembered: Map<string, number>;
}): Promise<PairingEnd> {
  const { input, dir, log } = session;
  const { pairing, accounts } = session.loaded;
  if (accounts.length === 0) log.warn("no Exchange accounts yet: every request will be refused (add-account)");
  const client = new AppClient({
    serverUrl: pairing.serverUrl,
    caPem: pairing.serverCaPem,
    token: pairing.token,
    ...(input.proxy ? { proxy: input.proxy } : {}),
  });
  const relay = new ReloadableRelay(new ExchangeRelay(accounts));
  const stop = new AbortController();
  const onStop = () => stop.abort();
  input.signal.addEventListener("abort", onStop, { once: true });
  if (input.signal.aborted) stop.abort();
  let runner: ConnectorRunner | undefined;
  const handler = new RequestHandler({
    executor: relay,
    sink: client,
    log,
    remembered: session.remembered,
    onFatal: (error) => runner?.failWith(error),
  });
  runner = new ConnectorRunner({
    client,
    handler,
    log,
    mailboxes: servedMailboxes(session.loaded.state),
    ...(input.pollInterval ? { pollIntervalSeconds: input.pollInterval } : {}),
    ...(input.channelRetry ? { channelRetrySeconds: input.channelRetry } : {}),
    ...(input.autoSyncOnly ? { autoSyncOnly: true } : {}),
  });
  input.onStarted?.({ runner, handler });

  let current = session.loaded;
  let pairedAgain: Extract<PairingEnd, { kind: "paired-again" }> | undefined;
  const reload = () => {
    const signature = stateFileSignature(dir);
    let next: LoadedState;
    try {
      next = loadState(dir);
    } catch (error) {
      const problem =
        error instanceof ConnectorExit ? error.message : `${(error as Error)?.name}: ${(error as Error)?.message}`;
      log.error(
        { stateDir: dir, problem },
        `state file changed but cannot be used; the accounts in use stay: ${problem}`,
      );
      return;
    }
    if (!samePairing(current.pairing, next.pairing)) {
      log.warn(
        { server: new URL(next.pairing.serverUrl).host, connectorId: next.pairing.connectorId },
        "this connector was paired again: finishing the requests in flight, then connecting with the new pairing",
      );
      pairedAgain = { kind: "paired-again", next, signature };
      stop.abort();
      return;
    }
    const previous = current;
    current = next;
    if (accountsOf(previous.state) === accountsOf(next.state)) return;
    relay.replace(new ExchangeRelay(next.accounts));
    const mailboxes = servedMailboxes(next.state);
    log.info({ accounts: next.accounts.length, mailboxes: mailboxes.length }, "accounts reloaded from the state file");
    if (mailboxesOf(previous.state) !== mailboxesOf(next.state)) runner?.announce(mailboxes);
  };
  const watcher = input.once
    ? undefined
    : new StateFileWatcher({
        dir,
        signature: session.signature,
        intervalMs: input.stateCheckMs ?? 3_000,
        onChange: reload,
      });

  log.info(
    { server: client.host, connectorId: pairing.connectorId, accounts: accounts.length, stateDir: dir },
    "connector starting",
  );
  let outcome: RunOutcome;
  try {
    outcome = input.once ? await runner.runOnce(stop.signal) : await runner.run(stop.signal);
  } catch (error) {
    if (error instanceof AppCallError) throw new ConnectorExit(EXIT.failed, error.message);
    throw error;
  } finally {
    input.signal.removeEventListener("abort", onStop);
    await watcher?.close();
    relay.close();
    await client.destroy();
  }
  if (pairedAgain) return pairedAgain;
  if (outcome.kind === "revoked") {
    // `pair` replaces the token on the app a moment before it writes the file: a 401 in between is no revocation.
    const renewed = input.once ? undefined : await newPairingAfterRefusal({ dir, pairing });
    if (renewed) {
      log.warn(
        { server: new URL(renewed.next.pairing.serverUrl).host, connectorId: renewed.next.pairing.connectorId },
        "the old token was refused because this connector was paired again: connecting with the new pairing",
      );
      return renewed;
    }
    log.error({ outcome: outcome.kind }, outcome.message);
    input.output.err(outcome.message);
    return { kind: "exit", code: EXIT.revoked };
  }
  if (outcome.kind === "upgrade-required") {
    log.error({ outcome: outcome.kind }, outcome.message);
    input.output.err(outcome.message);
    return { kind: "exit", code: EXIT.upgradeRequired };
  }
  log.info("connector stopped");
  return { kind: "exit", code: EXIT.ok };
}

/** A different pairing in the state file now or a second later, or undefined. */
async function newPairingAfterRefusal(input: {
  dir: string;
  pairing: Pairing;
}): Promise<Extract<PairingEnd, { kind: "paired-again" }> | undefined> {
  for (const wait of [0, 1_000]) {
    await sleep(wait);
    const signature = stateFileSignature(input.dir);
    try {
      const next = loadState(input.dir);
      if (!samePairing(input.pairing, next.pairing)) return { kind: "paired-again", next, signature };
    } catch {
      // A damaged or unpaired file is no new pairing: the refusal stands.
    }
  }
  return undefined;
}
