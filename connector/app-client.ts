import tls from "node:tls";
import { type Dispatcher, EnvHttpProxyAgent, ProxyAgent, request } from "undici";
import { z } from "zod";
import type { RelayAnswer } from "@/lib/connectors/protocol";
import { ConnectorExit, EXIT } from "./exit-codes";
import type { ServedMailbox } from "./state";
import { CONNECTOR_VERSION } from "./version";

/**
 * The connector's HTTPS client for the app (PROTOCOL.md): outbound only, the server's certificate verified
 * against the public roots plus the CA given at pairing, through the proxy of the environment
 * (HTTPS_PROXY/NO_PROXY) or --proxy. Each call resolves with parsed JSON or throws AppCallError saying
 * whether to retry, stop, or drop.
 */

const API_PREFIX = "/api/connector/v1";
export const ALLOW_INSECURE_LOOPBACK_ENV = "SLOTBRIDGE_CONNECTOR_ALLOW_INSECURE_LOOPBACK";
/** Bound on one JSON call (connect, headers and body); the channel has its own watchdogs. */
export const DEFAULT_CALL_TIMEOUT_MS = 15_000;

export type AppCallErrorKind =
  /** 401 revoked / unauthorized: stop, exit 3. */
  | "revoked"
  /** 426: stop, exit 4. */
  | "upgrade-required"
  /** Network, TLS, proxy, timeout, 429, 5xx: try again after a back-off. */
  | "retryable"
  /** Another 4xx: this call will not work by repeating it. */
  | "refused";

export class AppCallError extends Error {
  constructor(
    readonly kind: AppCallErrorKind,
    message: string,
    readonly status?: number,
    /** From Retry-After on 429/503, when the server sent one. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = "AppCallError";
  }
}

function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[(.*)\]$/, "$1").toLowerCase();
  return host === "localhost" || host === "::1" || /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * The app's base URL: https only; http only for a loopback host with the test switch set. No user info,
 * query or fragment (they would end up in logs or be dropped silently).
 */
export function parseServerUrl(text: string, env: Readonly<Record<string, string | undefined>> = process.env): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConnectorExit(
      EXIT.usage,
      `"${text}" is not a URL. Give the app's address, e.g. https://slotbridge.example.com`,
    );
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new ConnectorExit(EXIT.usage, "Give the app's address without a user name, password, query or fragment.");
  }
  if (url.protocol === "http:") {
    if (!(isLoopback(url.hostname) && env[ALLOW_INSECURE_LOOPBACK_ENV] === "1")) {
      throw new ConnectorExit(
        EXIT.usage,
        `The app's address must start with https:// (the token and calendar data must not travel unencrypted): ${url.host}.`,
      );
    }
  } else if (url.protocol !== "https:") {
    throw new ConnectorExit(EXIT.usage, `The app's address must start with https:// (got ${url.protocol}).`);
  }
  return url;
}

/** Refuses proxy URLs that are not http(s) (undici also speaks SOCKS, which this program does not promise). */
export function parseProxyUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConnectorExit(
      EXIT.usage,
      "--proxy is not a URL; write it as http://[user:password@]proxy.example.com:3128",
    );
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new ConnectorExit(EXIT.usage, `--proxy must be an http:// or https:// URL (got ${url.protocol}).`);
  }
  return url;
}

/**
 * The dispatcher for every call to the app. Without --proxy, EnvHttpProxyAgent follows HTTPS_PROXY,
 * HTTP_PROXY and NO_PROXY (lower-case names too). Credentials in a proxy URL become Proxy-Authorization:
 * Basic. Through a proxy, `requestTls` verifies the app's certificate inside the CONNECT tunnel; without
 * one, `connect` does. TLS 1.2 at least, as towards Exchange.
 */
export function createAppDispatcher(input: { caPem: string | null; proxy?: string }): Dispatcher {
  const trust: tls.ConnectionOptions = {
    minVersion: "TLSv1.2",
    ...(input.caPem ? { ca: [...tls.rootCertificates, input.caPem] } : {}),
  };
  if (input.proxy)
    return new ProxyAgent({ uri: parseProxyUrl(input.proxy).toString(), requestTls: trust, connect: trust });
  return new EnvHttpProxyAgent({ connect: trust, requestTls: trust });
}

const TLS_MESSAGES: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: "the server presents a self-signed certificate",
  SELF_SIGNED_CERT_IN_CHAIN:
    "the server's certificate comes from a certificate authority this connector does not trust",
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    "the server's certificate comes from a certificate authority this connector does not trust",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "the server's certificate chain is incomplete or from an untrusted authority",
  CERT_HAS_EXPIRED: "the server's certificate has expired",
  CERT_NOT_YET_VALID: "the server's certificate is not valid yet",
  ERR_TLS_CERT_ALTNAME_INVALID: "the server's certificate is for another host name",
};

/** Plain words for a failure to get any answer; codes only, never the request. */
export function describeNetworkError(error: unknown, host: string): string {
  const record = error as { code?: unknown; message?: unknown; cause?: { code?: unknown } };
  const code = String(record?.code ?? record?.cause?.code ?? "");
  const message = String(record?.message ?? "");
  const tlsMessage = TLS_MESSAGES[code];
  if (tlsMessage) {
    return `The TLS connection to ${host} was refused: ${tlsMessage} (${code}). If the app uses your organisation's own CA, pair with --server-ca FILE.`;
  }
  const proxyStatus = /Proxy response \((\d{3})\)/.exec(message)?.[1];
  if (proxyStatus === "407") {
    return `The proxy refused to connect to ${host}: it wants a user name and password (HTTP 407). Put them in the proxy URL: http://user:password@proxy:port`;
  }
  if (proxyStatus) return `The proxy refused to connect to ${host} (HTTP ${proxyStatus}).`;
  if (code === "ECONNREFUSED") return `Nothing accepted the connection at ${host} (ECONNREFUSED).`;
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return `The name in ${host} could not be found in DNS (${code}).`;
  if (code === "UND_ERR_CONNECT_TIMEOUT" || code === "ETIMEDOUT") return `The connection to ${host} timed out.`;
  if (code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT" || record?.message === "timeout") {
    return `${host} did not answer in time.`;
  }
  if (code === "UND_ERR_ABORTED" || code === "ABORT_ERR") return `The call to ${host} was cancelled.`;
  return `The connection to ${host} failed${code ? ` (${code})` : ""}.`;
}

function retryAfterMs(header: string | string[] | undefined): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds, 3600) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.min(at - Date.now(), 3_600_000));
}

const errorBodySchema = z.object({ error: z.string(), minimumVersion: z.string().optional() }).loose();

/** Maps a non-2xx answer to an AppCallError (its body already read as text). */
function statusError(input: { status: number; text: string; host: string; headers: Record<string, unknown> }) {
  const { status, host } = input;
  let parsed: z.infer<typeof errorBodySchema> | undefined;
  try {
    parsed = errorBodySchema.parse(JSON.parse(input.text));
  } catch {
    parsed = undefined;
  }
  if (status === 401 && (parsed?.error === "revoked" || parsed?.error === "unauthorized")) {
    return new AppCallError(
      "revoked",
      parsed.error === "revoked"
        ? "The app has revoked this connector's token (or the connector was deleted). Create a new pairing code in the app and run pair again."
        : "The app does not accept this connector's token. Create a new pairing code in the app and run pair again.",
      status,
    );
  }
  if (status === 426) {
    const minimum = parsed?.minimumVersion ? ` (at least ${parsed.minimumVersion})` : "";
    return new AppCallError(
      "upgrade-required",
      `The app needs a newer connector${minimum}; this is ${CONNECTOR_VERSION}. Update the connector and start it again.`,
      status,
    );
  }
  const wait = retryAfterMs(input.headers["retry-after"] as string | string[] | undefined);
  if (status === 429 || status >= 500) {
    return new AppCallError("retryable", `${host} answered HTTP ${status}.`, status, wait);
  }
  return new AppCallError("refused", `${host} answered HTTP ${status}${parsed ? ` (${parsed.error})` : ""}.`, status);
}

const pairAnswerSchema = z.object({
  connectorId: z.string().min(1),
  token: z.string().min(1),
  organisation: z.string(),
  heartbeatSeconds: z.number().positive(),
  pollSeconds: z.number().positive(),
});
export type PairAnswer = z.infer<typeof pairAnswerSchema>;

const helloAnswerSchema = z.object({
  connectorId: z.string(),
  organisation: z.string(),
  heartbeatSeconds: z.number().positive(),
  pollSeconds: z.number().positive(),
});
export type HelloAnswer = z.infer<typeof helloAnswerSchema>;

const pollAnswerSchema = z.object({
  requests: z.array(z.unknown()),
  pollSeconds: z.number().positive().optional(),
});

export type ChannelResponse = Dispatcher.ResponseData;

export class AppClient {
  readonly base: URL;
  private readonly dispatcher: Dispatcher;
  private readonly token: string | undefined;
  private readonly callTimeoutMs: number;

  constructor(input: {
    serverUrl: string;
    caPem: string | null;
    token?: string;
    proxy?: string;
    callTimeoutMs?: number;
    env?: Readonly<Record<string, string | undefined>>;
  }) {
    this.base = parseServerUrl(input.serverUrl, input.env);
    this.dispatcher = createAppDispatcher({ caPem: input.caPem, ...(input.proxy ? { proxy: input.proxy } : {}) });
    this.token = input.token;
    this.callTimeoutMs = input.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
  }

  get host(): string {
    return this.base.host;
  }

  private urlOf(path: string): URL {
    // The base's own path (an app behind a sub-path) without its trailing slash: "//api/…" would name a host.
    return new URL(`${this.base.origin}${this.base.pathname.replace(/\/+$/, "")}${API_PREFIX}${path}`);
  }

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    return {
      "X-Connector-Version": CONNECTOR_VERSION,
      "User-Agent": `slotbridge-connector/${CONNECTOR_VERSION}`,
      ...(this.token ? { Authorization: `Bearer ${this.token}` } : {}),
      ...extra,
    };
  }

  /** One JSON call, bounded by callTimeoutMs as a whole. Resolves with the status and the parsed body. */
  private async call(input: {
    method: "GET" | "POST";
    path: string;
    body?: unknown;
    signal?: AbortSignal;
  }): Promise<{ status: number; json: unknown }> {
    const controller = new AbortController();
    // A timer rather than AbortSignal.timeout: Node may collect that signal before it fires (nodejs/node#57736).
    const timer = setTimeout(() => controller.abort(new Error("timeout")), this.callTimeoutMs);
    const onAbort = () => controller.abort(input.signal?.reason);
    input.signal?.addEventListener("abort", onAbort, { once: true });
    try {
      const response = await request(this.urlOf(input.path), {
        method: input.method,
        dispatcher: this.dispatcher,
        headers: this.headers({
          Accept: "application/json",
          ...(input.body === undefined ? {} : { "Content-Type": "application/json" }),
        }),
        ...(input.body === undefined ? {} : { body: JSON.stringify(input.body) }),
        signal: controller.signal,
      });
      const text = await response.body.text();
      if (response.statusCode < 200 || response.statusCode > 299) {
        throw statusError({ status: response.statusCode, text, host: this.host, headers: response.headers });
      }
      let json: unknown;
      if (text.length > 0) {
        try {
          json = JSON.parse(text);
        } catch {
          throw new AppCallError(
            "retryable",
            `${this.host} answered with something that is not JSON.`,
            response.statusCode,
          );
        }
      }
      return { status: response.statusCode, json };
    } catch (error) {
      if (error instanceof AppCallError) throw error;
      throw new AppCallError("retryable", describeNetworkError(controller.signal.reason ?? error, this.host));
    } finally {
      clearTimeout(timer);
      input.signal?.removeEventListener("abort", onAbort);
    }
  }

  private parse<T>(schema: z.ZodType<T>, json: unknown, what: string): T {
    const result = schema.safeParse(json);
    if (!result.success)
      throw new AppCallError("retryable", `${this.host} sent a ${what} answer this connector cannot read.`);
    return result.data;
  }

  async pair(input: { code: string; hostname: string }): Promise<PairAnswer> {
    try {
      const { json } = await this.call({
        method: "POST",
        path: "/pair",
        body: { code: input.code, version: CONNECTOR_VERSION, hostname: input.hostname },
      });
      return this.parse(pairAnswerSchema, json, "pairing");
    } catch (error) {
      if (error instanceof AppCallError && error.status === 401) {
        throw new AppCallError(
          "refused",
          "The pairing code is unknown, already used or expired (codes last 10 minutes). Create a new one in the app.",
          401,
        );
      }
      if (error instanceof AppCallError && error.status === 429) {
        throw new AppCallError("refused", "Too many pairing attempts; wait a few minutes before trying again.", 429);
      }
      if (error instanceof AppCallError && error.status === 400) {
        throw new AppCallError("refused", "The app refused the pairing request: check the code (e.g. ABCD-EFGH).", 400);
      }
      throw error;
    }
  }

  async hello(input: { mailboxes: ServedMailbox[]; signal?: AbortSignal }): Promise<HelloAnswer> {
    const { json } = await this.call({
      method: "POST",
      path: "/hello",
      body: { version: CONNECTOR_VERSION, mailboxes: input.mailboxes },
      ...(input.signal ? { signal: input.signal } : {}),
    });
    return this.parse(helloAnswerSchema, json, "hello");
  }

  /** Claims pending requests; items that do not read as relay requests come back apart, to be logged. */
  async poll(input: { signal?: AbortSignal } = {}): Promise<{ requests: unknown[]; pollSeconds?: number }> {
    const { json } = await this.call({
      method: "GET",
      path: "/requests",
      ...(input.signal ? { signal: input.signal } : {}),
    });
    const parsed = this.parse(pollAnswerSchema, json, "requests");
    return { requests: parsed.requests, ...(parsed.pollSeconds ? { pollSeconds: parsed.pollSeconds } : {}) };
  }

  /** "accepted" (204) or "gone" (404: unknown, expired or already answered). */
  async answer(input: { id: string; answer: RelayAnswer; signal?: AbortSignal }): Promise<"accepted" | "gone"> {
    try {
      await this.call({
        method: "POST",
        path: `/requests/${encodeURIComponent(input.id)}/answer`,
        body: input.answer,
        ...(input.signal ? { signal: input.signal } : {}),
      });
      return "accepted";
    } catch (error) {
      if (error instanceof AppCallError && error.status === 404) return "gone";
      throw error;
    }
  }

  /**
   * Opens the SSE channel. Resolves once headers arrived with a 200 text/event-stream response (the body is
   * the caller's to read and to destroy); throws AppCallError otherwise. No time limit here: the caller's
   * ready watchdog aborts `signal`.
   */
  async openChannel(input: { signal: AbortSignal }): Promise<ChannelResponse> {
    let response: Dispatcher.ResponseData;
    try {
      response = await request(this.urlOf("/channel"), {
        method: "GET",
        dispatcher: this.dispatcher,
        headers: this.headers({ Accept: "text/event-stream", "Cache-Control": "no-cache" }),
        signal: input.signal,
        headersTimeout: 0,
        bodyTimeout: 0,
      });
    } catch (error) {
      throw new AppCallError("retryable", describeNetworkError(error, this.host));
    }
    if (response.statusCode !== 200) {
      const text = await response.body.text().catch(() => "");
      throw statusError({ status: response.statusCode, text, host: this.host, headers: response.headers });
    }
    const type = String(response.headers["content-type"] ?? "");
    if (!type.toLowerCase().startsWith("text/event-stream")) {
      response.body.destroy();
      throw new AppCallError(
        "retryable",
        `${this.host} answered the channel with ${type || "no content type"}, not an event stream.`,
      );
    }
    return response;
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }

  /** Ends open connections at once (the channel's included). */
  async destroy(): Promise<void> {
    await this.dispatcher.destroy();
  }
}
