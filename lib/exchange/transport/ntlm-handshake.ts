import type http from "node:http";
import https from "node:https";
import type { Socket } from "node:net";
import ntlm from "@ewsjs/ntlm-client";
import { type HttpAnswer, noTlsError, sendHttpRequest } from "./http-exchange";
import { EwsTransportError } from "./transport-errors";

export interface NtlmCredentials {
  username: string;
  domain: string;
  password: string;
  workstation?: string;
}

type NtlmRequest = {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body?: string;
  agent: http.Agent;
  credentials: NtlmCredentials;
  signal: AbortSignal;
  onSocket?: (socket: Socket) => void;
};

/**
 * Sends one request with NTLM: type-1 on a GET, the server's 401 challenge, then the real request carrying
 * type-3 — both on the same kept-alive socket, because NTLM authenticates the connection. A private
 * one-socket agent, cloned from the caller's agent (same CA, same TLS floor, same pinned lookup),
 * guarantees that socket; it is closed afterwards.
 */
export async function sendWithNtlm(input: NtlmRequest): Promise<HttpAnswer> {
  // sendHttpRequest refuses it too; checked here as well so not even an agent is made for it.
  if (input.url.protocol !== "https:") throw noTlsError();
  const agent = new https.Agent({ ...(input.agent as https.Agent).options, keepAlive: true, maxSockets: 1 });
  try {
    return await authenticateWithNtlm({ ...input, agent });
  } finally {
    agent.destroy();
  }
}

/**
 * The same handshake on `agent`, which must be a one-socket keep-alive agent (createEwsAgent with
 * maxSockets 1) and stays open: when the answer is not a 401 its socket is authenticated for later
 * requests (the connection pool keeps it).
 */
export async function authenticateWithNtlm(input: NtlmRequest): Promise<HttpAnswer> {
  const { agent } = input;
  const workstation = input.credentials.workstation ?? "SLOTBRIDGE";
  const challenge = await sendHttpRequest({
    url: input.url,
    method: "GET",
    headers: {
      Authorization: ntlm.createType1Message(workstation, input.credentials.domain),
      Connection: "keep-alive",
    },
    agent,
    signal: input.signal,
  });
  const type2Header = challenge.wwwAuthenticate.find((value) => /^NTLM\s+\S/i.test(value));
  if (challenge.status !== 401 || !type2Header) {
    throw new EwsTransportError("ntlm", `server answered the NTLM negotiation with HTTP ${challenge.status}`);
  }
  let type3: string;
  try {
    const type2 = ntlm.decodeType2Message(type2Header.replace(/^ntlm/i, "NTLM"));
    type3 = ntlm.createType3Message(
      type2,
      input.credentials.username,
      input.credentials.password,
      workstation,
      input.credentials.domain,
    );
  } catch {
    throw new EwsTransportError("ntlm", "unreadable NTLM challenge");
  }
  const headers = Object.fromEntries(
    Object.entries(input.headers).filter(([name]) => !/^(authorization|connection)$/i.test(name)),
  );
  return await sendHttpRequest({
    url: input.url,
    method: input.method,
    headers: { ...headers, Authorization: type3, Connection: "keep-alive" },
    ...(input.body === undefined ? {} : { body: input.body }),
    agent,
    signal: input.signal,
    ...(input.onSocket ? { onSocket: input.onSocket } : {}),
  });
}
