import { spawn } from "node:child_process";
import { once } from "node:events";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import type { Duplex } from "node:stream";
import { createProxy, type ProxyServer } from "proxy";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RequestLogEntry } from "@/ews-simulator/control/request-log";
import { ensurePki, type Pki } from "@/ews-simulator/pki/pki";
import { callControl, setUpTestSimulator, TEST_PKI_DIR } from "@/ews-simulator/testing/test-simulator";
import { BOOKING_ID_PROPERTY, buildAvailabilityEnvelope } from "@/lib/exchange";
import { readSimulatorCalendar } from "@/lib/exchange/testing/simulator-calendar";
import { ALLOW_INSECURE_LOOPBACK_ENV, AppCallError, AppClient, parseServerUrl } from "./app-client";
import { ConnectorRunner, type Mode, type RunOutcome } from "./channel";
import { EXIT } from "./exit-codes";
import { createConnectorLogger } from "./log";
import { main } from "./main";
import { ExchangeRelay, type RelayRequest } from "./relay";
import { RequestHandler, type RequestOutcome } from "./requests";
import { readState } from "./state";
import { TestAppServer } from "./testing/app-server";

const simulator = setUpTestSimulator({ clearLogEach: true });
const FAST = { initialMs: 20, maxMs: 200, jitter: 0.3 };
const M = "http://schemas.microsoft.com/exchange/services/2006/messages/";
const BOOKING_PROPERTY = `<t:ExtendedProperty><t:ExtendedFieldURI PropertySetId="${BOOKING_ID_PROPERTY.propertySetId}" PropertyName="${BOOKING_ID_PROPERTY.propertyName}" PropertyType="${BOOKING_ID_PROPERTY.propertyType}"/><t:Value>booking-1</t:Value></t:ExtendedProperty>`;
const ROOT = path.join(import.meta.dirname, "..");
const EXAMPLES = path.join(ROOT, "ews-simulator", "examples");

let pki: Pki;
let app: TestAppServer;
const running: Array<{ stop: () => Promise<unknown> }> = [];

beforeAll(async () => {
  pki = await ensurePki({ dir: TEST_PKI_DIR });
});

beforeEach(async () => {
  app = new TestAppServer({ key: pki.credentials.valid.keyPem, cert: pki.credentials.valid.certChainPem });
  await app.start();
});

afterEach(async () => {
  for (const connector of running.splice(0)) await connector.stop();
  await app.stop();
});

function freeBusyRequest(id: string, deadlineMs = 20_000): RelayRequest {
  return {
    id,
    mailbox: "alice@contoso.test",
    soapAction: `${M}GetUserAvailability`,
    body: buildAvailabilityEnvelope({
      mailboxes: ["alice@contoso.test"],
      days: { start: new Date("2030-01-07T00:00:00Z"), end: new Date("2030-01-08T00:00:00Z") },
    }),
    deadline: new Date(Date.now() + deadlineMs).toISOString(),
  };
}

function createItemRequest(id: string): RelayRequest {
  return {
    ...freeBusyRequest(id),
    soapAction: `${M}CreateItem`,
    body: fs
      .readFileSync(path.join(EXAMPLES, "CreateItem.CalendarItem.UTC.request.xml"), "utf8")
      .replace('Version="Exchange2010"', 'Version="Exchange2013_SP1"')
      // The connector creates only calendar items that carry the app's booking id property.
      .replace("<t:Start>", `${BOOKING_PROPERTY}<t:Start>`),
  };
}

/** A runner wired as `run` wires it, against the test app and the simulator, with short intervals. */
function startConnector(input: { proxy?: string; token?: string; autoSyncOnly?: boolean } = {}) {
  const logs: Array<Record<string, unknown>> = [];
  const log = createConnectorLogger({
    write: (line: string) => {
      logs.push(JSON.parse(line));
      if (process.env.DEBUG_CONNECTOR) process.stderr.write(line);
    },
  });
  const client = new AppClient({
    serverUrl: app.url,
    caPem: pki.caPem,
    token: input.token ?? app.token,
    ...(input.proxy ? { proxy: input.proxy } : {}),
  });
  const relay = new ExchangeRelay([
    {
      id: "account-1",
      ewsUrl: simulator.listeners.valid.url,
      username: "alice@contoso.test",
      authMethod: "basic",
      mailboxes: ["alice@contoso.test"],
      caPem: simulator.caPem,
      password: "Simulator-Pass-1",
    },
  ]);
  let executions = 0;
  const outcomes: RequestOutcome[] = [];
  const events = new (class extends EventTarget {})();
  let runner: ConnectorRunner | undefined;
  const handler = new RequestHandler({
    executor: {
      execute: (call) => {
        executions += 1;
        return relay.execute(call);
      },
    },
    sink: client,
    log,
    backoff: FAST,
    onFatal: (error) => runner?.failWith(error),
    onOutcome: (outcome) => {
      outcomes.push(outcome);
      events.dispatchEvent(new Event("outcome"));
    },
  });
  runner = new ConnectorRunner({
    client,
    handler,
    log,
    mailboxes: [{ address: "alice@contoso.test", impersonate: false }],
    pollIntervalSeconds: 0.1,
    channelRetrySeconds: 0.3,
    backoff: FAST,
    ...(input.autoSyncOnly ? { autoSyncOnly: true } : {}),
  });
  const controller = new AbortController();
  const done: Promise<RunOutcome> = runner.run(controller.signal).finally(async () => {
    relay.close();
    await client.destroy();
  });
  const connector = {
    runner,
    logs,
    outcomes,
    done,
    executions: () => executions,
    async stop() {
      controller.abort();
      return done;
    },
    /** Resolves once `count` outcomes of `kind` were seen. */
    async outcomesOf(kind: RequestOutcome["kind"], count: number) {
      while (outcomes.filter((o) => o.kind === kind).length < count) await once(events, "outcome");
    },
  };
  running.push(connector);
  return connector;
}

async function modeBecomes(runner: ConnectorRunner, mode: Mode): Promise<void> {
  while (runner.mode !== mode) await once(runner, "mode");
}

async function simulatorLog(): Promise<RequestLogEntry[]> {
  return ((await callControl({ simulator, method: "GET", path: "/requests" })).json as RequestLogEntry[]).filter(
    (entry) => entry.operation,
  );
}

describe("real-time channel", () => {
  it("says hello, holds the channel, relays a request to Exchange and posts Exchange's answer", async () => {
    const hello = once(app, "hello");
    const connector = startConnector();
    expect((await hello)[0]).toEqual([{ address: "alice@contoso.test", impersonate: false }]);
    await once(connector.runner, "ready");
    expect(connector.runner.mode).toBe("realtime");

    app.deliver(freeBusyRequest("r-1"));
    const { answer, status } = await app.waitForAnswer("r-1");
    expect(status).toBe(204);
    if ("error" in answer) throw new Error(answer.error.message);
    expect(answer.status).toBe(200);
    expect(answer.body).toContain("FreeBusyResponse");
    const headers = app.requestHeaders.at(-1);
    expect(headers?.authorization).toBe(`Bearer ${app.token}`);
    expect(headers?.["x-connector-version"]).toBe("0.1.0");

    expect(await connector.stop()).toEqual({ kind: "stopped" });
    expect(connector.logs.some((line) => line.msg === "request answered" && line.requestId === "r-1")).toBe(true);
    // Nothing secret in any log line.
    expect(JSON.stringify(connector.logs)).not.toMatch(/Simulator-Pass-1|sbc_test-token/);
  });

  it("runs a re-delivered write once: one CreateItem in Exchange, one answer", async () => {
    const connector = startConnector();
    await once(connector.runner, "ready");
    const request = createItemRequest("w-1");
    app.deliver(request);
    app.deliver(request); // while the first is still running
    await app.waitForAnswer("w-1");
    app.deliver(request); // after it was answered
    await connector.outcomesOf("duplicate", 2);
    await connector.stop();

    expect(connector.executions()).toBe(1);
    expect(app.answersFor("w-1")).toHaveLength(1);
    expect((await simulatorLog()).filter((entry) => entry.operation === "CreateItem")).toHaveLength(1);
  });

  it("logs a refusal by the operation's name only: no mailbox, no item id, nothing of the envelope", async () => {
    const items = await readSimulatorCalendar({ simulator, mailbox: "alice@contoso.test" });
    const secret = items.find((item) => item.extendedProperties.length === 0 && item.subject.includes("CANARY-"));
    if (!secret) throw new Error("the seed has no private item for Alice");
    const connector = startConnector();
    await once(connector.runner, "ready");
    // GetItem of one of Alice's own meetings: allowed in shape, refused after the connector's check.
    app.deliver({
      ...freeBusyRequest("refused-1"),
      soapAction: `${M}GetItem`,
      body: `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages" xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types"><soap:Header><t:RequestServerVersion Version="Exchange2013_SP1"/></soap:Header><soap:Body><m:GetItem><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape><m:ItemIds><t:ItemId Id="${secret.id}"/></m:ItemIds></m:GetItem></soap:Body></soap:Envelope>`,
    });
    const { answer } = await app.waitForAnswer("refused-1");
    expect(answer).toMatchObject({ error: { reason: "refused-by-policy" } });
    await connector.stop();

    const refusals = connector.logs.filter((line) => line.msg === "request refused by the connector's policy");
    expect(refusals).toHaveLength(1);
    expect(refusals[0]).toMatchObject({ level: 40, requestId: "refused-1", operation: "GetItem" });
    const logged = JSON.stringify(connector.logs);
    for (const leak of ["alice@contoso.test", secret.id, secret.subject, "ItemShape", "booking id property"]) {
      expect(logged).not.toContain(leak);
    }
  });

  it("drops a request past its deadline without calling Exchange or answering", async () => {
    const connector = startConnector();
    await once(connector.runner, "ready");
    app.deliver(freeBusyRequest("late", -1));
    await connector.outcomesOf("expired", 1);
    await connector.stop();
    expect(connector.executions()).toBe(0);
    expect(app.answersFor("late")).toEqual([]);
  });

  it("reconnects after a server restart and keeps answering", async () => {
    const connector = startConnector();
    await once(connector.runner, "ready");
    const readyAgain = once(connector.runner, "ready");
    await app.restart();
    await readyAgain;
    app.deliver(freeBusyRequest("after-restart"));
    expect((await app.waitForAnswer("after-restart")).status).toBe(204);
    expect(connector.runner.mode).toBe("realtime");
  });

  it("retries hello and answers through 503s with back-off", async () => {
    app.failNext.set("/hello", 2);
    app.failNext.set("/requests/r-503/answer", 2);
    const connector = startConnector();
    await once(connector.runner, "ready");
    app.deliver(freeBusyRequest("r-503"));
    expect((await app.waitForAnswer("r-503")).status).toBe(204);
    expect(app.answersFor("r-503")).toHaveLength(1);
    const retries = connector.logs.filter((line) => line.msg === "hello failed; trying again");
    expect(retries).toHaveLength(2);
  });
});

describe("auto-sync when the channel cannot be held", () => {
  it("a proxy that never flushes: falls back to polling, relays polled requests, and returns to real time", async () => {
    app.channelBehaviour = "hold";
    const connector = startConnector();
    await modeBecomes(connector.runner, "auto-sync");
    const change = connector.logs.find((line) => line.mode === "auto-sync");
    expect(change?.reason).toContain("ready event did not arrive within 0.3 s");

    app.deliver(freeBusyRequest("polled"), "poll");
    expect((await app.waitForAnswer("polled")).status).toBe(204);

    app.channelBehaviour = "normal";
    await modeBecomes(connector.runner, "realtime");
    app.deliver(freeBusyRequest("live-again"));
    expect((await app.waitForAnswer("live-again")).status).toBe(204);
  });

  it("--auto-sync: polls from the start and never opens the channel", async () => {
    const connector = startConnector({ autoSyncOnly: true });
    expect(connector.runner.mode).toBe("auto-sync");
    app.deliver(freeBusyRequest("polled-only"), "poll");
    expect((await app.waitForAnswer("polled-only")).status).toBe(204);
    // Several channel-retry periods (0.3 s) later, still no channel.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(app.openChannels).toBe(0);
    expect(connector.runner.mode).toBe("auto-sync");
    await connector.stop();
  });

  it("a channel that goes silent after ready falls back", async () => {
    app.channelBehaviour = "silent-after-ready";
    const connector = startConnector();
    await modeBecomes(connector.runner, "auto-sync");
    expect(connector.logs.find((line) => line.mode === "auto-sync")?.reason).toContain("no channel event for 0.6 s");
  });

  it("a proxy that cuts the stream: three cuts within a minute mean auto-sync", async () => {
    app.channelBehaviour = "cut";
    let opened = 0;
    app.on("channel", () => {
      opened += 1;
    });
    const connector = startConnector();
    await modeBecomes(connector.runner, "auto-sync");
    expect(opened).toBe(3);
    expect(connector.logs.find((line) => line.mode === "auto-sync")?.reason).toContain("cut 3 times within a minute");
    app.deliver(freeBusyRequest("while-cut"), "poll");
    expect((await app.waitForAnswer("while-cut")).status).toBe(204);
  });
});

describe("stopping", () => {
  it("on stop, finishes the answers in flight before returning", async () => {
    await callControl({
      simulator,
      method: "POST",
      path: "/faults",
      body: { operation: "GetUserAvailability", latency: { fixedMs: 400 }, times: 1 },
    });
    const connector = startConnector();
    await once(connector.runner, "ready");
    app.deliver(freeBusyRequest("in-flight"));
    while (connector.executions() === 0) await new Promise((resolve) => setImmediate(resolve));
    expect(app.answersFor("in-flight")).toEqual([]);
    expect(await connector.stop()).toEqual({ kind: "stopped" });
    expect(app.answersFor("in-flight").map((a) => a.status)).toEqual([204]);
  });

  // A real process started through tsx: on a loaded two-core machine its start alone can take 20 s.
  it("the real program: SIGTERM stops it with exit code 0", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "connector-sigterm-"));
    const caFile = path.join(dir, "server-ca.pem");
    fs.writeFileSync(caFile, pki.caPem);
    const quiet = { out: () => {}, err: () => {} };
    try {
      const pair = ["--state-dir", dir, "pair", "--server", app.url, "--code", "ABCD-EFGH", "--server-ca", caFile];
      expect(await main(pair, quiet)).toBe(EXIT.ok);
      const child = spawn(
        process.execPath,
        [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), "connector/main.ts", "--state-dir", dir, "run"],
        { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] },
      );
      const lines: Array<Record<string, unknown>> = [];
      let buffered = "";
      const held = new Promise<void>((resolve) => {
        child.stdout.on("data", (chunk: Buffer) => {
          buffered += chunk.toString("utf8");
          const complete = buffered.split("\n");
          buffered = complete.pop() ?? "";
          for (const line of complete) {
            const parsed = JSON.parse(line) as Record<string, unknown>;
            lines.push(parsed);
            if (parsed.msg === "channel held (real-time)") resolve();
          }
        });
      });
      await held;
      const exited = once(child, "exit");
      child.kill("SIGTERM");
      const [code] = await exited;
      expect(code).toBe(0);
      expect(lines.map((line) => line.msg)).toEqual(
        expect.arrayContaining(["connector starting", "hello: the app knows this connector", "connector stopped"]),
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});

describe("stopping for good", () => {
  it("a revoked event stops the run with a clear message", async () => {
    const connector = startConnector();
    await once(connector.runner, "ready");
    app.revoke();
    const outcome = await connector.done;
    expect(outcome.kind).toBe("revoked");
    expect(outcome.kind === "revoked" && outcome.message).toContain("run pair again");
  });

  it("401 unauthorized on hello stops at once", async () => {
    const connector = startConnector({ token: "sbc_unknown" });
    expect(await connector.done).toEqual({
      kind: "revoked",
      message:
        "The app does not accept this connector's token. Create a new pairing code in the app and run pair again.",
    });
    expect(app.openChannels).toBe(0);
  });

  it("the CLI: pair saves a 0600 state file, a used code is refused, a revoked token exits with code 3", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "connector-cli-"));
    const caFile = path.join(dir, "server-ca.pem");
    fs.writeFileSync(caFile, pki.caPem);
    const lines: string[] = [];
    const output = { out: (line: string) => lines.push(line), err: (line: string) => lines.push(line) };
    const previousLevel = process.env.LOG_LEVEL;
    process.env.LOG_LEVEL = "silent";
    try {
      const pair = ["--state-dir", dir, "pair", "--server", app.url, "--code", "abcd-efgh", "--server-ca", caFile];
      expect(await main(pair, output)).toBe(EXIT.ok);
      expect(readState(dir).pairing).toMatchObject({
        token: app.token,
        organisation: "Contoso",
        serverCaPem: pki.caPem,
      });
      if (process.platform !== "win32") expect(fs.statSync(path.join(dir, "state.json")).mode & 0o777).toBe(0o600);

      expect(await main(pair, output)).toBe(EXIT.failed);
      expect(lines.at(-1)).toBe(
        "Pairing failed: The pairing code is unknown, already used or expired (codes last 10 minutes). Create a new one in the app.",
      );

      // No account serves the mailbox: --once still answers, with unknown-mailbox.
      app.deliver(freeBusyRequest("once-1"), "poll");
      expect(await main(["--state-dir", dir, "run", "--once"], output)).toBe(EXIT.ok);
      expect(app.answersFor("once-1")[0]?.answer).toMatchObject({ error: { reason: "unknown-mailbox" } });

      app.revoked = true;
      expect(await main(["--state-dir", dir, "run"], output)).toBe(EXIT.revoked);
      expect(lines.at(-1)).toContain("revoked this connector's token");
    } finally {
      if (previousLevel === undefined) delete process.env.LOG_LEVEL;
      else process.env.LOG_LEVEL = previousLevel;
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("the app's certificate and address", () => {
  it.each([
    ["self-signed", "self-signed certificate (DEPTH_ZERO_SELF_SIGNED_CERT)"],
    ["expired", "has expired (CERT_HAS_EXPIRED)"],
    ["wrong-hostname", "for another host name (ERR_TLS_CERT_ALTNAME_INVALID)"],
  ] as const)("refuses a %s server certificate", async (variant, expected) => {
    const other = new TestAppServer({
      key: pki.credentials[variant].keyPem,
      cert: pki.credentials[variant].certChainPem,
    });
    await other.start();
    const client = new AppClient({ serverUrl: other.url, caPem: pki.caPem, token: other.token });
    try {
      const error = await client.hello({ mailboxes: [] }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppCallError);
      expect((error as AppCallError).message).toContain(expected);
    } finally {
      await client.destroy();
      await other.stop();
    }
  });

  it("trusts the private CA only when it is given", async () => {
    const client = new AppClient({ serverUrl: app.url, caPem: null, token: app.token });
    try {
      const error = (await client.hello({ mailboxes: [] }).catch((e: unknown) => e)) as AppCallError;
      expect(error.message).toContain("pair with --server-ca FILE");
    } finally {
      await client.destroy();
    }
  });

  it("refuses http:// unless the host is loopback and the test switch is set", () => {
    expect(() => parseServerUrl("http://slotbridge.example.com", {})).toThrow(/must start with https/);
    expect(() => parseServerUrl("http://127.0.0.1:3000", {})).toThrow(/must start with https/);
    expect(() => parseServerUrl("http://example.com", { [ALLOW_INSECURE_LOOPBACK_ENV]: "1" })).toThrow(/https/);
    expect(parseServerUrl("http://127.0.0.1:3000/", { [ALLOW_INSECURE_LOOPBACK_ENV]: "1" }).href).toBe(
      "http://127.0.0.1:3000/",
    );
    expect(() => parseServerUrl("https://user:pw@slotbridge.example.com", {})).toThrow(/without a user name/);
  });
});

describe("through an HTTP proxy (CONNECT)", () => {
  let proxy: ProxyServer;
  let proxyPort: number;
  const tunnels: string[] = [];
  const sockets = new Set<Duplex>();
  const credentials = `Basic ${Buffer.from("conn:p@ss word").toString("base64")}`;

  beforeEach(async () => {
    tunnels.length = 0;
    proxy = createProxy(http.createServer());
    proxy.authenticate = (req) => req.headers["proxy-authorization"] === credentials;
    proxy.on("connect", (req: http.IncomingMessage, socket: Duplex) => {
      tunnels.push(String(req.url));
      sockets.add(socket);
    });
    proxy.listen(0, "127.0.0.1");
    await once(proxy, "listening");
    proxyPort = (proxy.address() as AddressInfo).port;
  });

  afterEach(async () => {
    // The connector first: its tunnels are upgraded sockets, which server.close() would wait for.
    for (const connector of running.splice(0)) await connector.stop();
    for (const socket of sockets) socket.destroy();
    sockets.clear();
    proxy.closeAllConnections();
    await new Promise((resolve) => proxy.close(resolve));
  });

  it("--proxy with a user name and password: the channel and the answers go through the tunnel", async () => {
    const connector = startConnector({ proxy: `http://conn:p%40ss%20word@127.0.0.1:${proxyPort}` });
    await once(connector.runner, "ready");
    app.deliver(freeBusyRequest("via-proxy"));
    expect((await app.waitForAnswer("via-proxy")).status).toBe(204);
    expect(tunnels.length).toBeGreaterThan(0);
    expect(new Set(tunnels)).toEqual(new Set([`localhost:${app.port}`]));
  });

  it("wrong proxy credentials: a plain 407 message", async () => {
    const client = new AppClient({
      serverUrl: app.url,
      caPem: pki.caPem,
      token: app.token,
      proxy: `http://conn:wrong@127.0.0.1:${proxyPort}`,
    });
    try {
      const error = (await client.hello({ mailboxes: [] }).catch((e: unknown) => e)) as AppCallError;
      expect(error.kind).toBe("retryable");
      expect(error.message).toContain("HTTP 407");
    } finally {
      await client.destroy();
    }
  });

  it("HTTPS_PROXY from the environment, and NO_PROXY to bypass it", async () => {
    const saved = { HTTPS_PROXY: process.env.HTTPS_PROXY, NO_PROXY: process.env.NO_PROXY };
    process.env.HTTPS_PROXY = `http://conn:p%40ss%20word@127.0.0.1:${proxyPort}`;
    delete process.env.NO_PROXY;
    try {
      const viaProxy = new AppClient({ serverUrl: app.url, caPem: pki.caPem, token: app.token });
      await viaProxy.hello({ mailboxes: [] });
      await viaProxy.destroy();
      expect(tunnels).toEqual([`localhost:${app.port}`]);

      process.env.NO_PROXY = "localhost";
      const direct = new AppClient({ serverUrl: app.url, caPem: pki.caPem, token: app.token });
      await direct.hello({ mailboxes: [] });
      await direct.destroy();
      expect(tunnels).toHaveLength(1);
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });
});
