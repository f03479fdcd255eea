import type { LookupAddress } from "node:dns";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSimulator } from "@/ews-simulator/testing/test-simulator";
import { createEwsAgent } from "@/lib/exchange";
import { checkOutboundHost } from "./address-policy";
import { parseAllowedHosts } from "./allowed-hosts";
import { ADDRESS_NOT_CHECKED, pinnedLookup } from "./pinned-lookup";
import { startThrowawayServer, type ThrowawayServer } from "./testing/throwaway-tls";

/** RFC 6761: .invalid names never resolve, so a connection to one can only have come from the pin. */
const NAME = "exchange.slotbridge.invalid";

function callLookup(input: { lookup: LookupFunction; hostname: string; options: object }) {
  return new Promise<{ error: NodeJS.ErrnoException | null; address: string | LookupAddress[]; family?: number }>(
    (resolve) =>
      input.lookup(input.hostname, input.options, (error, address, family) => resolve({ error, address, family })),
  );
}

function get(input: { url: string; options: https.RequestOptions }) {
  return new Promise<{ status: number; body: string; remoteAddress?: string }>((resolve, reject) => {
    const request = https.get(input.url, input.options, (response) => {
      // Read now: a socket that is not kept alive is detached from the response by the time it ends.
      const remoteAddress = response.socket.remoteAddress;
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => {
        body += chunk;
      });
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body, remoteAddress }));
    });
    request.on("error", reject);
  });
}

describe("pinnedLookup", () => {
  const checked = {
    host: NAME,
    address: "127.0.0.1",
    family: 4 as const,
    addresses: [
      { address: "127.0.0.1", family: 4 as const },
      { address: "::1", family: 6 as const },
    ],
  };

  it("answers with the checked addresses only, in both callback shapes", async () => {
    const lookup = pinnedLookup(checked);
    expect(await callLookup({ lookup, hostname: NAME, options: {} })).toEqual({
      error: null,
      address: "127.0.0.1",
      family: 4,
    });
    expect(
      await callLookup({ lookup, hostname: "Exchange.Slotbridge.Invalid.", options: { all: true } }),
    ).toMatchObject({
      error: null,
      address: checked.addresses,
    });
    expect(await callLookup({ lookup, hostname: NAME, options: { family: 6 } })).toMatchObject({
      address: "::1",
      family: 6,
    });
  });

  it("refuses any other host name instead of resolving it", async () => {
    const result = await callLookup({
      lookup: pinnedLookup(checked),
      hostname: "evil.example",
      options: { all: true },
    });
    expect(result.error?.code).toBe(ADDRESS_NOT_CHECKED);
  });

  it("refuses a family that was not checked", async () => {
    const lookup = pinnedLookup({ host: NAME, address: "127.0.0.1", family: 4 });
    expect((await callLookup({ lookup, hostname: NAME, options: { family: 6 } })).error?.code).toBe(
      ADDRESS_NOT_CHECKED,
    );
  });
});

describe("pinnedLookup over real HTTPS", () => {
  let server: ThrowawayServer;
  const pin = pinnedLookup({ host: NAME, address: "127.0.0.1", family: 4 });

  beforeAll(async () => {
    server = await startThrowawayServer({ hostnames: [NAME] });
  });
  afterAll(() => server.close());

  it("connects to the pinned address while TLS checks the certificate against the host name (SNI too)", async () => {
    const before = server.serverNames.length;
    const answer = await get({
      url: `https://${NAME}:${server.port}/`,
      options: { ca: server.caPem, lookup: pin, agent: false },
    });
    expect(answer).toMatchObject({ status: 200, body: "ok", remoteAddress: "127.0.0.1" });
    expect(server.serverNames.slice(before)).toEqual([NAME]);
  });

  it("works through createEwsAgent's lookup option", async () => {
    const agent = createEwsAgent({ caPem: server.caPem, lookup: pin, keepAlive: false });
    try {
      const answer = await get({ url: `https://${NAME}:${server.port}/EWS/Exchange.asmx`, options: { agent } });
      expect(answer).toMatchObject({ status: 200, remoteAddress: "127.0.0.1" });
    } finally {
      agent.destroy();
    }
  });

  it("still refuses a certificate that does not name the host: pinning never skips verification", async () => {
    const other = "other.slotbridge.invalid";
    const lookup = pinnedLookup({ host: other, address: "127.0.0.1", family: 4 });
    await expect(
      get({ url: `https://${other}:${server.port}/`, options: { ca: server.caPem, lookup, agent: false } }),
    ).rejects.toMatchObject({ code: "ERR_TLS_CERT_ALTNAME_INVALID" });
    await expect(
      get({ url: `https://${NAME}:${server.port}/`, options: { lookup: pin, agent: false } }),
    ).rejects.toMatchObject({ code: "UNABLE_TO_VERIFY_LEAF_SIGNATURE" });
  });

  it("an agent pinned for one host cannot be steered to another (e.g. by a redirect)", async () => {
    const agent = createEwsAgent({ caPem: server.caPem, lookup: pin, keepAlive: false });
    try {
      await expect(
        get({ url: `https://elsewhere.slotbridge.invalid:${server.port}/`, options: { agent } }),
      ).rejects.toMatchObject({
        code: ADDRESS_NOT_CHECKED,
      });
    } finally {
      agent.destroy();
    }
  });
});

describe("check, pin and connect to the EWS simulator", () => {
  it("allow-listed localhost passes the policy and the pinned agent reaches the simulator", async () => {
    const simulator = await startTestSimulator();
    const agent = { current: undefined as https.Agent | undefined };
    try {
      const url = new URL(simulator.listeners.valid.url);
      const checked = await checkOutboundHost({ host: url.hostname, allowedHosts: parseAllowedHosts("localhost") });
      if (!checked.ok) throw new Error(checked.message);
      agent.current = createEwsAgent({ caPem: simulator.caPem, lookup: pinnedLookup(checked), keepAlive: false });
      // Any HTTP answer (the simulator wants credentials) proves TCP and a verified TLS handshake.
      const answer = await get({ url: url.toString(), options: { agent: agent.current } });
      expect(answer.status).toBeGreaterThanOrEqual(200);
      expect(answer.remoteAddress).toBe("127.0.0.1");
    } finally {
      agent.current?.destroy();
      await simulator.stop();
    }
  });
});
