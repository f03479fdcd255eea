import type http from "node:http";
import type { Socket } from "node:net";
import type { IXHRApi, IXHROptions, IXHRProgress } from "ews-javascript-api";
import type { EwsConnectionPool, PooledConnection } from "./connection-pool";
import type { EwsAuth } from "./ews-auth";
import { type HttpAnswer, sendHttpRequest } from "./http-exchange";
import { authenticateWithNtlm, sendWithNtlm } from "./ntlm-handshake";
import { EwsTransportError, StaleConnectionError, toEwsTransportError } from "./transport-errors";
import { streamInOneChunk, toXhrFailure, toXhrResponse } from "./xhr-response";

export type { EwsAuth } from "./ews-auth";

/** Where a transport takes its connections from when they are pooled (see connection-pool.ts). */
export interface PooledConnections {
  pool: EwsConnectionPool;
  /** connectionPoolKey of this URL, account, password, trust bundle and checked addresses. */
  key: string;
  /** A one-socket keep-alive agent with the CA and the pinned lookup (createEwsAgent, maxSockets 1). */
  createAgent: () => http.Agent;
}

export type EwsTransportOptions = {
  auth: EwsAuth;
  /** Hard limit for one call, NTLM handshake included. */
  timeoutMs: number;
} & ({ agent: http.Agent; connections?: undefined } | { connections: PooledConnections; agent?: undefined });

type PreparedRequest = {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
  signal: AbortSignal;
};

/**
 * ews-javascript-api's transport (IXHRApi) on Node's own https, replacing @ewsjs/xhr: its NTLM provider
 * swaps in an agent of its own and so drops the custom CA and any time limit. This one keeps the caller's
 * agent, enforces `timeoutMs` on every call and does Basic or NTLMv2 itself; the library's credentials are
 * never consulted. Non-200 answers reject with the XHR-like object, as @ewsjs/xhr does.
 */
export class EwsTransport implements IXHRApi {
  readonly apiName: string;
  private readonly inFlight = new Set<AbortController>();

  constructor(private readonly options: EwsTransportOptions) {
    this.apiName = `slotbridge-node-https;auth:${options.auth.kind}`;
  }

  async xhr(xhroptions: IXHROptions): Promise<XMLHttpRequest> {
    const url = xhroptions.url;
    let answer: HttpAnswer;
    try {
      answer = await this.send(xhroptions);
    } catch (error) {
      throw toXhrFailure({ error: toEwsTransportError(error), url });
    }
    const response = toXhrResponse({ answer, url });
    if (answer.status !== 200) throw response;
    return response;
  }

  /** Streaming (push notifications) is not used by Slotbridge: the answer arrives as one chunk. */
  xhrStream(xhroptions: IXHROptions, progress: (data: IXHRProgress) => void): Promise<XMLHttpRequest> {
    return streamInOneChunk(this.xhr(xhroptions), progress);
  }

  /**
   * One request as given (the connector relays the app's SOAP envelopes at the wire level) with this
   * transport's agent, authentication and time limit. Every HTTP status resolves, 401 included; only a
   * failure to get an answer rejects, with an EwsTransportError.
   */
  sendRaw(input: { url: string; headers: Record<string, string>; body: string }): Promise<HttpAnswer> {
    return this.send({ type: "POST", url: input.url, headers: input.headers, data: input.body });
  }

  disconnect(): void {
    for (const controller of this.inFlight) controller.abort(new EwsTransportError("aborted", "disconnected"));
    this.inFlight.clear();
  }

  private async send(xhroptions: IXHROptions): Promise<HttpAnswer> {
    const controller = new AbortController();
    this.inFlight.add(controller);
    // Not AbortSignal.any([…, AbortSignal.timeout()]): Node may garbage-collect the timeout signal before it
    // fires (nodejs/node#57736), and a server that never answers then holds the call forever.
    const timer = setTimeout(
      () => controller.abort(new DOMException("The operation timed out.", "TimeoutError")),
      this.options.timeoutMs,
    );
    const signal = controller.signal;
    const { auth, agent, connections } = this.options;
    // Whatever the library put in Authorization (it derives Basic from service.Credentials) is replaced.
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries((xhroptions.headers ?? {}) as Record<string, unknown>)) {
      if (name.toLowerCase() !== "authorization" && value !== undefined) headers[name] = String(value);
    }
    const prepared: PreparedRequest = {
      url: new URL(xhroptions.url),
      method: xhroptions.type ?? "POST",
      headers,
      body: typeof xhroptions.data === "string" ? xhroptions.data : undefined,
      signal,
    };
    const request = { ...prepared, agent: agent as http.Agent };
    try {
      if (connections) return await this.sendPooled({ request: prepared, connections });
      if (auth.kind === "ntlm") {
        return await sendWithNtlm({ ...request, credentials: { ...auth, domain: auth.domain ?? "" } });
      }
      return await sendHttpRequest({ ...request, headers: { ...headers, Authorization: basicHeader(auth) } });
    } finally {
      clearTimeout(timer);
      this.inFlight.delete(controller);
    }
  }

  /**
   * One request on a pooled connection: an idle one for the same key if there is one, else a new one that
   * authenticates. The idle one goes first without NTLM (its connection is already signed in); if the
   * server has forgotten that connection (401) or had closed it (no answer at all on the reused socket),
   * the request goes again on a new connection with a full handshake. Only that handshake's 401 reaches
   * the caller, so a wrong or changed password is reported exactly as without the pool.
   */
  private async sendPooled(input: { request: PreparedRequest; connections: PooledConnections }): Promise<HttpAnswer> {
    const { request, connections } = input;
    const { pool } = connections;
    const idle = pool.take(connections.key);
    if (idle) {
      let answer: HttpAnswer | undefined;
      try {
        answer = await this.sendOn({ request, connection: idle, signedIn: true });
      } catch (error) {
        pool.discard(idle);
        if (!(error instanceof StaleConnectionError) || request.signal.aborted) throw error;
      }
      if (answer && (answer.status !== 401 || this.options.auth.kind === "basic")) {
        this.settle({ pool, connection: idle, answer });
        return answer;
      }
      if (answer) pool.discard(idle);
    }
    const fresh = pool.open({ key: connections.key, createAgent: connections.createAgent });
    try {
      const answer = await this.sendOn({ request, connection: fresh, signedIn: false });
      this.settle({ pool, connection: fresh, answer });
      return answer;
    } catch (error) {
      pool.discard(fresh);
      throw error;
    }
  }

  /** A connection stays pooled only while it is known to be signed in: never after a 401. */
  private settle(input: { pool: EwsConnectionPool; connection: PooledConnection; answer: HttpAnswer }): void {
    if (input.answer.status === 401) input.pool.discard(input.connection);
    else input.pool.giveBack({ connection: input.connection, headers: input.answer.headers });
  }

  private sendOn(input: {
    request: PreparedRequest;
    connection: PooledConnection;
    signedIn: boolean;
  }): Promise<HttpAnswer> {
    const { connection } = input;
    const { auth } = this.options;
    const request = {
      ...input.request,
      agent: connection.agent,
      onSocket: (socket: Socket) => {
        connection.socket = socket;
      },
    };
    if (auth.kind === "ntlm") {
      return input.signedIn
        ? sendHttpRequest(request)
        : authenticateWithNtlm({ ...request, credentials: { ...auth, domain: auth.domain ?? "" } });
    }
    return sendHttpRequest({ ...request, headers: { ...request.headers, Authorization: basicHeader(auth) } });
  }
}

function basicHeader(auth: Extract<EwsAuth, { kind: "basic" }>): string {
  const login = auth.domain ? `${auth.domain}\\${auth.username}` : auth.username;
  return `Basic ${Buffer.from(`${login}:${auth.password}`, "utf8").toString("base64")}`;
}
