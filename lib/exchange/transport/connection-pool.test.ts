import { afterEach, describe, expect, it } from "vitest";
import type { RequestLogEntry } from "@/ews-simulator/control/request-log";
import type { RunningSimulator } from "@/ews-simulator/simulator";
import { callAvailability, captureRejection } from "@/ews-simulator/testing/availability-call";
import { callControl, setUpTestSimulator, startTestSimulator } from "@/ews-simulator/testing/test-simulator";
import {
  type ConnectionPoolLimits,
  connectionPoolKey,
  DEFAULT_POOL_LIMITS,
  EwsConnectionPool,
} from "./connection-pool";
import { createEwsService } from "./create-ews-service";
import type { EwsAuth } from "./ews-transport";
import { secureContextKey } from "./secure-context";
import { createEwsAgent } from "./tls-agent";
import { getEwsTransportErrorCode } from "./transport-errors";

const PASSWORD = "Simulator-Pass-1";
const simulator = setUpTestSimulator({ clearLogEach: true });

const ntlm = (password = PASSWORD, username = "svc-slotbridge"): EwsAuth => ({
  kind: "ntlm",
  username,
  domain: "CONTOSO",
  password,
});
const basic = (password = PASSWORD): EwsAuth => ({ kind: "basic", username: "svc-slotbridge@contoso.test", password });

const pools: EwsConnectionPool[] = [];
function newPool(limits: Partial<ConnectionPoolLimits> = {}): EwsConnectionPool {
  const pool = new EwsConnectionPool({ ...DEFAULT_POOL_LIMITS, ...limits });
  pools.push(pool);
  return pool;
}
afterEach(() => {
  for (const pool of pools.splice(0)) pool.clear();
});

/** A service as runEws builds it: pooled connections under the key of this URL, account and trust. */
function pooledService(input: { pool: EwsConnectionPool; auth: EwsAuth; on?: RunningSimulator }) {
  const running = input.on ?? simulator;
  const url = running.listeners.valid.url;
  return createEwsService({
    url,
    auth: input.auth,
    timeoutMs: 5_000,
    connections: {
      pool: input.pool,
      key: connectionPoolKey({
        url,
        auth: input.auth,
        caKey: secureContextKey({ caPem: running.caPem }),
        addresses: ["127.0.0.1"],
      }),
      createAgent: () => createEwsAgent({ caPem: running.caPem, maxSockets: 1 }),
    },
  });
}

const ask = (service: ReturnType<typeof pooledService>) =>
  callAvailability({ service, mailboxes: ["bob@contoso.test"] });

async function requestLog(on: RunningSimulator = simulator): Promise<RequestLogEntry[]> {
  return (await callControl({ simulator: on, method: "GET", path: "/requests" })).json as RequestLogEntry[];
}
const challenges = (log: RequestLogEntry[]) => log.filter((entry) => entry.authStep === "ntlm-challenge").length;
const answered = (log: RequestLogEntry[]) => log.filter((entry) => entry.status === 200);

describe("pooled EWS connections", () => {
  it("authenticates once with NTLM and reuses that connection for the same credentials", async () => {
    const pool = newPool();
    for (let i = 0; i < 4; i++) await ask(pooledService({ pool, auth: ntlm() }));
    const log = await requestLog();
    expect(challenges(log)).toBe(1);
    expect(answered(log)).toHaveLength(4);
    expect(answered(log).every((entry) => entry.account === "svc-slotbridge@contoso.test")).toBe(true);
    expect(pool.stats()).toEqual({ opened: 1, reused: 3, idle: 1 });
  });

  it("never hands one account's connection to another account or another password", async () => {
    const pool = newPool();
    await ask(pooledService({ pool, auth: ntlm() }));
    await ask(pooledService({ pool, auth: ntlm(PASSWORD, "alice") }));
    const wrong = await captureRejection(() => ask(pooledService({ pool, auth: ntlm("wrong-password") })));
    expect(wrong.HttpStatusCode).toBe(401);
    await ask(pooledService({ pool, auth: ntlm(PASSWORD, "alice") }));
    const log = await requestLog();
    // svc, alice, the wrong password: each its own handshake; alice's second call rides on her connection.
    expect(challenges(log)).toBe(3);
    expect(answered(log).map((entry) => entry.account)).toEqual([
      "svc-slotbridge@contoso.test",
      "alice@contoso.test",
      "alice@contoso.test",
    ]);
    expect(pool.stats()).toEqual({ opened: 3, reused: 1, idle: 2 });
  });

  it("does not mask a password changed on the server: the signed-in connection is dropped and 401 reported", async () => {
    const pool = newPool();
    await ask(pooledService({ pool, auth: ntlm() }));
    const changed = await callControl({
      simulator,
      method: "PUT",
      path: "/accounts/svc-slotbridge%40contoso.test/password",
      body: { password: "Rotated-Pass-2" },
    });
    expect(changed.status).toBe(204);
    const error = await captureRejection(() => ask(pooledService({ pool, auth: ntlm() })));
    expect(error.HttpStatusCode).toBe(401);
    expect(JSON.stringify(error)).not.toContain(PASSWORD);
    // The pooled connection was tried (the server no longer knew it), then a full handshake was refused.
    const log = await requestLog();
    expect(log.filter((entry) => entry.authStep === "no-credentials")).toHaveLength(1);
    expect(log.filter((entry) => entry.authStep === "rejected")).toHaveLength(1);
    expect(pool.stats().idle).toBe(0);
    await ask(pooledService({ pool, auth: ntlm("Rotated-Pass-2") }));
  });

  it("keeps Basic connections alive too, and a wrong Basic password still fails", async () => {
    const pool = newPool();
    for (let i = 0; i < 3; i++) await ask(pooledService({ pool, auth: basic() }));
    expect(pool.stats()).toEqual({ opened: 1, reused: 2, idle: 1 });
    const error = await captureRejection(() => ask(pooledService({ pool, auth: basic("wrong-password") })));
    expect(error.HttpStatusCode).toBe(401);
    expect(pool.stats().idle).toBe(1);
  });

  it("closes a connection the server broke mid-answer, and the next call opens a new one", async () => {
    const pool = newPool();
    await ask(pooledService({ pool, auth: ntlm() }));
    await callControl({
      simulator,
      method: "POST",
      path: "/faults",
      body: { operation: "GetUserAvailability", action: { kind: "reset", afterBytes: 10 }, times: 1 },
    });
    const error = await captureRejection(() => ask(pooledService({ pool, auth: ntlm() })));
    expect(getEwsTransportErrorCode(error)).toBe("network");
    expect(pool.stats().idle).toBe(0);
    await ask(pooledService({ pool, auth: ntlm() }));
    expect(pool.stats()).toMatchObject({ opened: 2, idle: 1 });
  });

  it("replaces a connection the server closed while it was idle, without the caller noticing", async () => {
    const pool = newPool();
    let first = await startTestSimulator();
    const port = first.listeners.valid.port;
    try {
      await ask(pooledService({ pool, auth: ntlm(), on: first }));
      expect(pool.stats().idle).toBe(1);
      // The server goes away and comes back on the same port: the pooled socket is closed from its end.
      await first.stop();
      first = await startTestSimulator({ ports: { valid: port } });
      const result = await ask(pooledService({ pool, auth: ntlm(), on: first }));
      expect(result.AttendeesAvailability.Count).toBe(1);
      expect(pool.stats()).toMatchObject({ opened: 2, idle: 1 });
    } finally {
      await first.stop();
    }
  });

  it("stays within its bounds: per key, in all, and in idle time", async () => {
    // Idle time long enough that the calls below finish well inside it on a busy machine.
    const pool = newPool({ maxIdlePerKey: 2, maxIdle: 3, idleMs: 3_000 });
    // Five calls at once need five connections; only two may stay for this key.
    await Promise.all(Array.from({ length: 5 }, () => ask(pooledService({ pool, auth: ntlm() }))));
    expect(pool.stats()).toEqual({ opened: 5, reused: 0, idle: 2 });
    await Promise.all(Array.from({ length: 2 }, () => ask(pooledService({ pool, auth: basic() }))));
    expect(pool.stats().idle).toBe(3);
    await new Promise((resolve) => setTimeout(resolve, 3_500));
    expect(pool.stats().idle).toBe(0);
  });

  it("does not reuse a connection older than its maximum age", async () => {
    let now = 1_000_000;
    const pool = new EwsConnectionPool({ ...DEFAULT_POOL_LIMITS, maxAgeMs: 10_000 }, () => now);
    pools.push(pool);
    await ask(pooledService({ pool, auth: ntlm() }));
    now += 10_000;
    await ask(pooledService({ pool, auth: ntlm() }));
    expect(pool.stats()).toMatchObject({ opened: 2, reused: 0 });
    expect(challenges(await requestLog())).toBe(2);
  });
});

describe("connectionPoolKey", () => {
  const base = {
    url: "https://mail.example.com/EWS/Exchange.asmx",
    auth: ntlm(),
    caKey: "public-roots-only",
    addresses: ["93.184.215.14"],
  };

  it("is the same for the same inputs and differs when anything that decides trust or identity differs", () => {
    const key = connectionPoolKey(base);
    expect(connectionPoolKey({ ...base, addresses: ["93.184.215.14"] })).toBe(key);
    const variants = [
      { ...base, url: "https://mail.example.com/ews/exchange.asmx" },
      { ...base, auth: ntlm("another-password") },
      { ...base, auth: ntlm(PASSWORD, "alice") },
      { ...base, auth: { ...ntlm(), domain: "FABRIKAM" } },
      { ...base, auth: { ...ntlm(), kind: "basic" } as EwsAuth },
      { ...base, caKey: "0123" },
      { ...base, addresses: ["93.184.215.15"] },
    ];
    for (const variant of variants) expect(connectionPoolKey(variant)).not.toBe(key);
  });

  it("does not contain the password", () => {
    expect(connectionPoolKey(base)).not.toContain(PASSWORD);
    expect(connectionPoolKey(base)).toMatch(/^[\w-]{43}$/);
  });
});
