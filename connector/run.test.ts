import { once } from "node:events";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RequestLogEntry } from "@/ews-simulator/control/request-log";
import { ensurePki, type Pki } from "@/ews-simulator/pki/pki";
import { callControl, setUpTestSimulator, TEST_PKI_DIR } from "@/ews-simulator/testing/test-simulator";
import { buildAvailabilityEnvelope } from "@/lib/exchange";
import { addAccount } from "./accounts";
import type { ConnectorRunner } from "./channel";
import { EXIT } from "./exit-codes";
import { createConnectorLogger } from "./log";
import { main } from "./main";
import type { RelayRequest } from "./relay";
import { runCommand } from "./run";
import { readState, STATE_FILE, writeState } from "./state";
import { TestAppServer } from "./testing/app-server";

const simulator = setUpTestSimulator({ clearLogEach: true });
const PASSWORD = "Simulator-Pass-1";
const M = "http://schemas.microsoft.com/exchange/services/2006/messages/";
const quiet = { out: () => {}, err: () => {} };

let pki: Pki;
let app: TestAppServer;
let dir: string;
const cleanups: Array<() => Promise<unknown>> = [];

beforeAll(async () => {
  pki = await ensurePki({ dir: TEST_PKI_DIR });
});

beforeEach(async () => {
  app = new TestAppServer({ key: pki.credentials.valid.keyPem, cert: pki.credentials.valid.certChainPem });
  await app.start();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "connector-run-"));
  fs.writeFileSync(path.join(dir, "server-ca.pem"), pki.caPem);
  await pair();
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
  await app.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function pair(): Promise<void> {
  const args = ["--state-dir", dir, "pair", "--server", app.url, "--code", app.pairingCode];
  expect(await main([...args, "--server-ca", path.join(dir, "server-ca.pem")], quiet)).toBe(EXIT.ok);
}

/** add-account's own checks against the simulator, then the state written as the command writes it. */
async function addAccountFor(mailbox: string): Promise<void> {
  const { state } = await addAccount({
    dir,
    state: readState(dir),
    account: {
      ewsUrl: simulator.listeners.valid.url,
      username: mailbox,
      password: PASSWORD,
      auth: "ntlm",
      mailboxes: [mailbox],
      impersonate: false,
      exchangeCaPem: simulator.caPem,
    },
    env: {},
  });
  writeState({ dir, state });
}

function freeBusyRequest(id: string, mailbox: string): RelayRequest {
  return {
    id,
    mailbox,
    soapAction: `${M}GetUserAvailability`,
    body: buildAvailabilityEnvelope({
      mailboxes: [mailbox],
      days: { start: new Date("2030-01-07T00:00:00Z"), end: new Date("2030-01-08T00:00:00Z") },
    }),
    deadline: new Date(Date.now() + 20_000).toISOString(),
  };
}

/** `run` as the CLI runs it, on this state folder, checking the state file every 100 ms. */
async function startRun() {
  const logs: Array<Record<string, unknown>> = [];
  const log = createConnectorLogger({
    write: (line: string) => {
      logs.push(JSON.parse(line));
      if (process.env.DEBUG_CONNECTOR) process.stderr.write(line);
    },
  });
  const controller = new AbortController();
  let runner: ConnectorRunner | undefined;
  const firstHello = once(app, "hello");
  const done = runCommand({
    stateDir: dir,
    output: quiet,
    log,
    signal: controller.signal,
    stateCheckMs: 100,
    onStarted: (parts) => {
      runner = parts.runner;
    },
  });
  const stop = async () => {
    controller.abort();
    return done;
  };
  cleanups.push(stop);
  const [mailboxes] = await firstHello;
  if (!runner) throw new Error("run did not start");
  if (runner.mode !== "realtime" || app.openChannels === 0) await once(runner, "ready");
  return { logs, done, stop, mailboxes };
}

async function logLine(logs: Array<Record<string, unknown>>, test: (line: Record<string, unknown>) => boolean) {
  for (let waited = 0; waited < 5_000; waited += 20) {
    const line = logs.find(test);
    if (line) return line;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error("the expected log line did not come");
}

async function relayed(id: string, mailbox: string) {
  app.deliver(freeBusyRequest(id, mailbox));
  return (await app.waitForAnswer(id)).answer;
}

async function simulatorLog(): Promise<RequestLogEntry[]> {
  return ((await callControl({ simulator, method: "GET", path: "/requests" })).json as RequestLogEntry[]).filter(
    (entry) => entry.operation,
  );
}

describe("accounts changed while run is running", () => {
  it("an added account: hello names its mailbox and its requests are relayed", async () => {
    await addAccountFor("alice@contoso.test");
    const connector = await startRun();
    expect(connector.mailboxes).toEqual([{ address: "alice@contoso.test", impersonate: false }]);

    const hello = once(app, "hello");
    await addAccountFor("bob@contoso.test");
    expect((await hello)[0]).toEqual([
      { address: "alice@contoso.test", impersonate: false },
      { address: "bob@contoso.test", impersonate: false },
    ]);
    const answer = await relayed("for-bob", "bob@contoso.test");
    if ("error" in answer) throw new Error(answer.error.message);
    expect(answer.status).toBe(200);
    expect(answer.body).toContain("FreeBusyResponse");
    expect((await simulatorLog()).at(-1)).toMatchObject({
      operation: "GetUserAvailability",
      account: "bob@contoso.test",
      status: 200,
    });
    expect(connector.logs.some((line) => line.msg === "accounts reloaded from the state file")).toBe(true);
    expect(await connector.stop()).toBe(EXIT.ok);
  });

  it("a removed account: hello no longer names its mailbox and its requests are refused as unknown-mailbox", async () => {
    await addAccountFor("alice@contoso.test");
    await addAccountFor("bob@contoso.test");
    const connector = await startRun();
    expect(connector.mailboxes).toHaveLength(2);
    const checks = (await simulatorLog()).length;

    const hello = once(app, "hello");
    const lines: string[] = [];
    const output = { out: (line: string) => lines.push(line), err: (line: string) => lines.push(line) };
    expect(await main(["--state-dir", dir, "remove-account", "alice@contoso.test"], output)).toBe(EXIT.ok);
    expect(lines.at(-1)).toBe("A running connector stops serving its mailboxes within a few seconds.");
    expect((await hello)[0]).toEqual([{ address: "bob@contoso.test", impersonate: false }]);

    expect(await relayed("for-alice", "alice@contoso.test")).toMatchObject({ error: { reason: "unknown-mailbox" } });
    expect(await relayed("for-bob", "bob@contoso.test")).toMatchObject({ status: 200 });
    // Only bob's request reached Exchange (before it, add-account's two checks).
    expect((await simulatorLog()).slice(checks).map((entry) => entry.account)).toEqual(["bob@contoso.test"]);
    expect(await connector.stop()).toBe(EXIT.ok);
  });

  it("a request in flight finishes on the account it started with", async () => {
    await addAccountFor("alice@contoso.test");
    const connector = await startRun();
    await callControl({
      simulator,
      method: "POST",
      path: "/faults",
      body: { operation: "GetUserAvailability", latency: { fixedMs: 1_500 }, times: 1 },
    });
    app.deliver(freeBusyRequest("slow", "alice@contoso.test"));
    // The NTLM challenge is logged at once, the slowed request only once it is answered.
    const signingIn = async () =>
      ((await callControl({ simulator, method: "GET", path: "/requests" })).json as RequestLogEntry[]).some(
        (entry) => entry.authStep === "ntlm-challenge",
      );
    while (!(await signingIn())) await new Promise((resolve) => setTimeout(resolve, 20));

    const hello = once(app, "hello");
    expect(await main(["--state-dir", dir, "remove-account", "alice@contoso.test"], quiet)).toBe(EXIT.ok);
    expect((await hello)[0]).toEqual([]);
    expect(app.answersFor("slow")).toEqual([]);
    expect((await app.waitForAnswer("slow")).answer).toMatchObject({ status: 200 });
    expect(await relayed("after", "alice@contoso.test")).toMatchObject({ error: { reason: "unknown-mailbox" } });
    await connector.stop();
  });

  it("a damaged or exposed state file is logged and the accounts in use stay, until the file is usable again", async () => {
    await addAccountFor("alice@contoso.test");
    const connector = await startRun();
    const file = path.join(dir, STATE_FILE);
    const good = fs.readFileSync(file, "utf8");

    // Written as the commands write it (a new file renamed into place), but half of it.
    const replace = (text: string, mode = 0o600) => {
      const temporary = path.join(dir, ".state.json.test");
      fs.writeFileSync(temporary, text, { mode });
      fs.chmodSync(temporary, mode);
      fs.renameSync(temporary, file);
    };
    replace(good.slice(0, good.length / 2));
    const damaged = await logLine(connector.logs, (line) => line.level === 50);
    expect(damaged.msg).toContain("state file changed but cannot be used; the accounts in use stay");
    expect(damaged.problem).toContain("is not valid JSON");
    expect(await relayed("while-damaged", "alice@contoso.test")).toMatchObject({ status: 200 });

    if (process.platform !== "win32") {
      replace(good, 0o644);
      const exposed = await logLine(connector.logs, (line) => String(line.problem).includes("chmod 600"));
      expect(exposed.level).toBe(50);
      expect(await relayed("while-exposed", "alice@contoso.test")).toMatchObject({ status: 200 });
    }
    expect(connector.logs.some((line) => line.msg === "accounts reloaded from the state file")).toBe(false);

    const hello = once(app, "hello");
    fs.chmodSync(file, 0o600);
    replace(good);
    await addAccountFor("bob@contoso.test");
    expect((await hello)[0]).toHaveLength(2);
    expect(await relayed("repaired", "bob@contoso.test")).toMatchObject({ status: 200 });
    expect(JSON.stringify(connector.logs)).not.toContain(PASSWORD);
    expect(await connector.stop()).toBe(EXIT.ok);
  });

  it("paired again while running: connects with the new token and goes on relaying", async () => {
    await addAccountFor("alice@contoso.test");
    const connector = await startRun();
    const oldToken = app.token;
    app.pairingCode = "WXYZ-2345";
    const hello = once(app, "hello");
    await pair();
    expect(app.token).not.toBe(oldToken);
    await hello;
    expect(app.requestHeaders.at(-1)?.authorization).toBe(`Bearer ${app.token}`);
    await logLine(connector.logs, (line) => String(line.msg).includes("paired again"));
    while (app.openChannels === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await relayed("after-pairing", "alice@contoso.test")).toMatchObject({ status: 200 });
    expect(await connector.stop()).toBe(EXIT.ok);
  });
});
