import https from "node:https";
import ntlm from "@ewsjs/ntlm-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendHttpRequest } from "@/lib/exchange";
import type { RunningSimulator } from "../simulator";
import { startTestSimulator } from "../testing/test-simulator";
import { parseAuthenticateMessage } from "./ntlm-messages";
import { verifyNtlmV2Response } from "./ntlm-verify";

describe("NTLMv2 verification", () => {
  it("matches the MS-NLMP §4.2.4 test vector", () => {
    const utf16 = (s: string) => Buffer.from(s, "utf16le");
    const avPairs = Buffer.concat([
      Buffer.from([2, 0, 12, 0]),
      utf16("Domain"),
      Buffer.from([1, 0, 12, 0]),
      utf16("Server"),
      Buffer.from([0, 0, 0, 0]),
    ]);
    const blob = Buffer.concat([
      Buffer.from([1, 1, 0, 0, 0, 0, 0, 0]),
      Buffer.alloc(8), // time
      Buffer.alloc(8, 0xaa), // client challenge
      Buffer.alloc(4),
      avPairs,
      Buffer.alloc(4),
    ]);
    const proof = Buffer.from("68cd0ab851e51c96aabc927bebef6a1c", "hex");
    const message = {
      flags: 0,
      user: "User",
      domain: "Domain",
      workstation: "COMPUTER",
      ntResponse: Buffer.concat([proof, blob]),
    };
    const serverChallenge = Buffer.from("0123456789abcdef", "hex");
    expect(verifyNtlmV2Response({ message, serverChallenge, password: "Password" })).toBe(true);
    expect(verifyNtlmV2Response({ message, serverChallenge, password: "password" })).toBe(false);
  });
});

describe("NTLM over HTTPS, byte by byte", () => {
  let simulator: RunningSimulator;
  beforeAll(async () => {
    simulator = await startTestSimulator();
  });
  afterAll(async () => {
    await simulator?.stop();
  });

  const PASSWORD = "Simulator-Pass-1";

  /** Type-1 → challenge on a fresh one-socket connection; returns the agent and a genuine type-3. */
  async function negotiate() {
    const agent = new https.Agent({ ca: [simulator.caPem], keepAlive: true, maxSockets: 1 });
    const url = new URL(simulator.listeners.valid.url);
    const signal = AbortSignal.timeout(5_000);
    const challenge = await sendHttpRequest({
      url,
      method: "GET",
      headers: { Authorization: ntlm.createType1Message("WS", "CONTOSO") },
      agent,
      signal,
    });
    expect(challenge.status).toBe(401);
    expect(challenge.wwwAuthenticate).toHaveLength(1);
    const type2 = ntlm.decodeType2Message(challenge.wwwAuthenticate[0] ?? "");
    expect(type2.version).toBe(2);
    const type3 = ntlm.createType3Message(type2, "svc-slotbridge", PASSWORD, "WS", "CONTOSO");
    const send = (authorization: string) =>
      sendHttpRequest({ url, method: "GET", headers: { Authorization: authorization }, agent, signal });
    return { agent, type3, send };
  }

  function tamper(input: { type3: string; at: (message: Buffer) => number }): string {
    const message = Buffer.from(input.type3.replace(/^NTLM /, ""), "base64");
    const at = input.at(message);
    message[at] = (message[at] ?? 0) ^ 0x01;
    return `NTLM ${message.toString("base64")}`;
  }

  it("accepts the genuine type-3 and keeps the connection signed in", async () => {
    const { agent, type3, send } = await negotiate();
    expect(parseAuthenticateMessage(Buffer.from(type3.slice(5), "base64"))?.user).toBe("svc-slotbridge");
    expect((await send(type3)).status).toBe(200);
    const again = await sendHttpRequest({
      url: new URL(simulator.listeners.valid.url),
      method: "GET",
      headers: {},
      agent,
      signal: AbortSignal.timeout(5_000),
    });
    expect(again.status).toBe(200);
    agent.destroy();
  });

  it.each([
    ["NTProofStr", (m: Buffer) => m.readUInt32LE(24)],
    ["client blob", (m: Buffer) => m.readUInt32LE(24) + 40],
    ["user name", (m: Buffer) => m.readUInt32LE(40)],
  ])("rejects a type-3 with a tampered %s", async (_field, at) => {
    const { agent, type3, send } = await negotiate();
    const answer = await send(tamper({ type3, at }));
    expect(answer.status).toBe(401);
    expect(answer.wwwAuthenticate).toEqual(["Negotiate", "NTLM", 'Basic realm="localhost"']);
    agent.destroy();
  });

  it("rejects a type-3 replayed against a new challenge", async () => {
    const first = await negotiate();
    expect((await first.send(first.type3)).status).toBe(200);
    first.agent.destroy();
    const second = await negotiate();
    expect((await second.send(first.type3)).status).toBe(401);
    second.agent.destroy();
  });
});
