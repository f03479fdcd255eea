import http from "node:http";
import https from "node:https";
import ntlm from "@ewsjs/ntlm-client";
import { type HttpAnswer, sendHttpRequest } from "./http-exchange";
import { EwsTransportError } from "./transport-errors";

export interface NtlmCredentials {
  username: string;
  domain: string;
  password: string;
  workstation?: string;
}

/**
 * Sends one request with NTLM: type-1 on a GET, the server's 401 challenge, then the real request carrying
 * type-3 — both on the same kept-alive socket, because NTLM authenticates the connection. A private
 * one-socket agent, cloned from the caller's agent (same CA, same TLS floor), guarantees that socket.
 */
export async function sendWithNtlm(input: {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body?: string;
  agent: http.Agent;
  credentials: NtlmCredentials;
  signal: AbortSignal;
}): Promise<HttpAnswer> {
  const options = { ...(input.agent as https.Agent).options, keepAlive: true, maxSockets: 1 };
  const agent = input.url.protocol === "https:" ? new https.Agent(options) : new http.Agent(options);
  const workstation = input.credentials.workstation ?? "SLOTBRIDGE";
  try {
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
      ...input,
      headers: { ...headers, Authorization: type3, Connection: "keep-alive" },
      agent,
    });
  } finally {
    agent.destroy();
  }
}
