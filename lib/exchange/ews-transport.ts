import type http from "node:http";
import type { IXHRApi, IXHROptions, IXHRProgress } from "ews-javascript-api";
import { type HttpAnswer, sendHttpRequest } from "./http-exchange";
import { sendWithNtlm } from "./ntlm-handshake";
import { EwsTransportError, toEwsTransportError } from "./transport-errors";
import { toXhrFailure, toXhrResponse } from "./xhr-response";

export type EwsAuth =
  | { kind: "basic"; username: string; domain?: string; password: string }
  | { kind: "ntlm"; username: string; domain?: string; password: string; workstation?: string };

export interface EwsTransportOptions {
  agent: http.Agent;
  auth: EwsAuth;
  /** Hard limit for one call, NTLM handshake included. */
  timeoutMs: number;
}

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
  async xhrStream(xhroptions: IXHROptions, progress: (data: IXHRProgress) => void): Promise<XMLHttpRequest> {
    try {
      const response = await this.xhr(xhroptions);
      progress({ type: "header", headers: (response as unknown as { headers: unknown }).headers });
      progress({ type: "data", data: response.responseText });
      progress({ type: "end" });
      return response;
    } catch (error) {
      progress({ type: "error", error });
      throw error;
    }
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
    const { auth, agent } = this.options;
    // Whatever the library put in Authorization (it derives Basic from service.Credentials) is replaced.
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries((xhroptions.headers ?? {}) as Record<string, unknown>)) {
      if (name.toLowerCase() !== "authorization" && value !== undefined) headers[name] = String(value);
    }
    const request = {
      url: new URL(xhroptions.url),
      method: xhroptions.type ?? "POST",
      headers,
      body: typeof xhroptions.data === "string" ? xhroptions.data : undefined,
      agent,
      signal,
    };
    try {
      if (auth.kind === "ntlm") {
        return await sendWithNtlm({ ...request, credentials: { ...auth, domain: auth.domain ?? "" } });
      }
      const login = auth.domain ? `${auth.domain}\\${auth.username}` : auth.username;
      const basic = `Basic ${Buffer.from(`${login}:${auth.password}`, "utf8").toString("base64")}`;
      return await sendHttpRequest({ ...request, headers: { ...headers, Authorization: basic } });
    } finally {
      clearTimeout(timer);
      this.inFlight.delete(controller);
    }
  }
}
