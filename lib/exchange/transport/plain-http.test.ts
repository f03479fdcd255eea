import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { buildChallengeMessage, parseNegotiateMessage } from "@/ews-simulator/auth/ntlm-messages";
import { callAvailability, captureRejection } from "@/ews-simulator/testing/availability-call";
import { classifyEwsError } from "../connection/failures";
import { connectionPoolKey, EwsConnectionPool } from "./connection-pool";
import { createEwsService } from "./create-ews-service";
import { type EwsAuth, EwsTransport, type PooledConnections } from "./ews-transport";
import { sendHttpRequest } from "./http-exchange";
import { createEwsAgent } from "./tls-agent";
import { getEwsTransportErrorCode } from "./transport-errors";

// A plain-HTTP Exchange look-alike that would take part in NTLM (type-1 in, 401 with a type-2 challenge
// out) and accept anything after it: had the transport spoken to it, the handshake or the Basic password
// would have crossed the wire unencrypted. Every test asserts the error and that not one connection (let
// alone a byte) reached it.

const PASSWORD = "Plain-Http-Pass-7";
const ntlm: EwsAuth = { kind: "ntlm", username: "svc-slotbridge", domain: "CONTOSO", password: PASSWORD };
const basic: EwsAuth = { kind: "basic", username: "svc-slotbridge", domain: "CONTOSO", password: PASSWORD };
const IDENTITY = { netbiosDomain: "CONTOSO", netbiosComputer: "EX1", dnsDomain: "contoso.test", dnsComputer: "ex1" };

let server: http.Server;
let url = "";
const seen = { connections: 0, bytes: 0 };

beforeAll(async () => {
  server = http.createServer((request, response) => {
    const authorization = request.headers.authorization ?? "";
    const negotiate = /^NTLM (.+)$/i.exec(authorization)?.[1];
    const type1 = negotiate ? parseNegotiateMessage(Buffer.from(negotiate, "base64")) : undefined;
    request.resume();
    if (type1) {
      const challenge = buildChallengeMessage({
        challenge: randomBytes(8),
        negotiate: type1,
        identity: IDENTITY,
        now: new Date(),
      });
      response.writeHead(401, { "WWW-Authenticate": `NTLM ${challenge.toString("base64")}` });
      response.end();
      return;
    }
    if (!authorization) {
      response.writeHead(401, { "WWW-Authenticate": ["NTLM", 'Basic realm="ex1"'] });
      response.end();
      return;
    }
    response.writeHead(200, { "Content-Type": "text/xml; charset=utf-8" });
    response.end("<ok/>");
  });
  server.on("connection", (socket) => {
    seen.connections += 1;
    socket.on("data", (chunk: Buffer) => {
      seen.bytes += chunk.length;
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/EWS/Exchange.asmx`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  seen.connections = 0;
  seen.bytes = 0;
});

function expectNothingSent() {
  expect(seen).toEqual({ connections: 0, bytes: 0 });
}

function expectNoTls(error: unknown) {
  expect(getEwsTransportErrorCode(error)).toBe("tls");
  expect(String((error as { message?: unknown }).message)).toContain("NO_TLS");
  expect(JSON.stringify(error)).not.toContain(PASSWORD);
  // Classified as every other TLS refusal: the certificate check then explains "no-tls".
  expect(classifyEwsError(error)).toMatchObject({ reason: "certificate" });
}

const SOAP_HEADERS = { "Content-Type": "text/xml; charset=utf-8", SOAPAction: '"GetUserAvailability"' };

describe("the listener is a real plain-HTTP NTLM endpoint", () => {
  it("answers an NTLM type-1 with a type-2 challenge (so a transport that spoke to it would be caught)", async () => {
    const status = await new Promise<{ status?: number; challenge?: string }>((resolve, reject) => {
      http
        .get(url, { headers: { Authorization: "NTLM TlRMTVNTUAABAAAAB4IIogAAAAAAAAAAAAAAAAAAAAAKAGFKAAAADw==" } })
        .on("response", (response) => {
          response.resume();
          resolve({ status: response.statusCode, challenge: response.headers["www-authenticate"] });
        })
        .on("error", reject);
    });
    expect(status.status).toBe(401);
    expect(status.challenge).toMatch(/^NTLM \S+/);
    expect(seen.connections).toBe(1);
  });
});

describe("an http: URL is refused before a byte is sent", () => {
  it.each([
    ["NTLM", ntlm],
    ["Basic", basic],
  ])("%s through ews-javascript-api (createEwsService)", async (_name, auth) => {
    const service = createEwsService({ url, auth, timeoutMs: 3_000 });
    const error = await captureRejection(() => callAvailability({ service, mailboxes: ["alice@contoso.test"] }));
    expectNoTls(error);
    expectNothingSent();
  });

  it.each([
    ["NTLM", ntlm],
    ["Basic", basic],
  ])("%s on pooled connections (runEws's path)", async (_name, auth) => {
    const pool = new EwsConnectionPool();
    const connections: PooledConnections = {
      pool,
      key: connectionPoolKey({ url, auth, caKey: "none", addresses: [] }),
      createAgent: () => createEwsAgent({ keepAlive: true, maxSockets: 1 }),
    };
    const transport = new EwsTransport({ auth, timeoutMs: 3_000, connections });
    try {
      const error = await transport.sendRaw({ url, headers: SOAP_HEADERS, body: "<x/>" }).catch((e: unknown) => e);
      expectNoTls(error);
      expectNothingSent();
    } finally {
      pool.clear();
    }
  });

  it.each([
    ["NTLM", ntlm],
    ["Basic", basic],
  ])("%s even when the caller hands in a plain-HTTP agent", async (_name, auth) => {
    const agent = new http.Agent({ keepAlive: true });
    try {
      const transport = new EwsTransport({ auth, timeoutMs: 3_000, agent });
      const error = await transport.sendRaw({ url, headers: SOAP_HEADERS, body: "<x/>" }).catch((e: unknown) => e);
      expectNoTls(error);
      expectNothingSent();
    } finally {
      agent.destroy();
    }
  });

  it("the lowest layer itself (sendHttpRequest), which every request goes through", async () => {
    const agent = new http.Agent();
    try {
      const error = await sendHttpRequest({
        url: new URL(url),
        method: "GET",
        headers: {},
        agent,
        signal: AbortSignal.timeout(3_000),
      }).catch((e: unknown) => e);
      expectNoTls(error);
      expectNothingSent();
    } finally {
      agent.destroy();
    }
  });
});
