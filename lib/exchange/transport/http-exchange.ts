import type http from "node:http";
import https from "node:https";
import type { Socket } from "node:net";
import zlib from "node:zlib";
import { EwsTransportError, StaleConnectionError, toEwsTransportError } from "./transport-errors";

export interface HttpAnswer {
  status: number;
  statusText: string;
  headers: http.IncomingHttpHeaders;
  /** Every WWW-Authenticate value separately (Node joins repeated headers with ", "). */
  wwwAuthenticate: string[];
  body: string;
}

const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

function decoderFor(encoding: string | undefined): NodeJS.ReadWriteStream | undefined {
  switch (encoding?.trim().toLowerCase()) {
    case "gzip":
      return zlib.createGunzip();
    case "deflate":
      return zlib.createInflate();
    case "br":
      return zlib.createBrotliDecompress();
    default:
      return undefined;
  }
}

function abortReason(signal: AbortSignal): EwsTransportError {
  const reason = signal.reason as Error | undefined;
  return reason?.name === "TimeoutError"
    ? new EwsTransportError("timeout", "no complete answer before the deadline")
    : new EwsTransportError("aborted", "request cancelled");
}

/** What a kept-alive socket's peer does when it closed the connection just as we reused it. */
const STALE_CODES = new Set(["ECONNRESET", "EPIPE", "ECONNABORTED"]);

/**
 * Refused before any name lookup or socket: the one check every Exchange request passes (Basic, NTLM's
 * handshake, the pool, autodiscover, the connector), so no caller can hand in an http: URL and have a
 * password or an NTLM exchange travel unencrypted. Filed under "tls" like a refused certificate.
 */
export function noTlsError(): EwsTransportError {
  return new EwsTransportError("tls", "NO_TLS: not an https: URL, nothing was sent");
}

/**
 * One HTTPS exchange through `agent`, cut off when `signal` fires (the caller's overall deadline).
 * `onSocket` learns which socket carried it (the connection pool tracks its sockets that way). Anything
 * but an https: URL is refused before a byte is sent.
 */
export function sendHttpRequest(input: {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body?: string;
  agent: http.Agent;
  signal: AbortSignal;
  onSocket?: (socket: Socket) => void;
}): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    if (input.url.protocol !== "https:") return reject(noTlsError());
    if (input.signal.aborted) return reject(abortReason(input.signal));
    const payload = input.body === undefined ? undefined : Buffer.from(input.body, "utf8");
    const request = https.request(input.url, {
      method: input.method,
      agent: input.agent,
      headers: { ...input.headers, ...(payload ? { "Content-Length": String(payload.length) } : {}) },
    });
    const onAbort = () => request.destroy(abortReason(input.signal));
    input.signal.addEventListener("abort", onAbort, { once: true });
    let answered = false;
    const fail = (error: unknown) => {
      input.signal.removeEventListener("abort", onAbort);
      // A reused keep-alive socket the server had already closed: no answer came, so the request never
      // reached Exchange's handler and may be sent again on a new connection.
      const code = (error as NodeJS.ErrnoException)?.code;
      if (!answered && request.reusedSocket && code && STALE_CODES.has(code)) {
        return reject(new StaleConnectionError(code));
      }
      reject(toEwsTransportError(error));
    };
    if (input.onSocket) request.once("socket", input.onSocket);
    request.on("error", fail);
    request.on("response", (response) => {
      answered = true;
      const decoder = decoderFor(response.headers["content-encoding"]);
      const stream = decoder ? response.pipe(decoder) : response;
      const chunks: Buffer[] = [];
      let size = 0;
      response.on("error", fail);
      stream.on("error", fail);
      stream.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_RESPONSE_BYTES) {
          request.destroy(new EwsTransportError("response_too_large", `over ${MAX_RESPONSE_BYTES} bytes`));
          return;
        }
        chunks.push(chunk);
      });
      stream.on("end", () => {
        // A socket that dies mid-body still ends the stream in some Node versions: trust only complete bodies.
        if (!response.complete) return fail(Object.assign(new Error("aborted"), { code: "ECONNRESET" }));
        input.signal.removeEventListener("abort", onAbort);
        const wwwAuthenticate: string[] = [];
        for (let i = 0; i < response.rawHeaders.length; i += 2) {
          if (response.rawHeaders[i]?.toLowerCase() === "www-authenticate") {
            wwwAuthenticate.push(response.rawHeaders[i + 1] ?? "");
          }
        }
        resolve({
          status: response.statusCode ?? 0,
          statusText: response.statusMessage ?? "",
          headers: response.headers,
          wwwAuthenticate,
          body: Buffer.concat(chunks).toString("utf8"),
        });
      });
    });
    request.end(payload);
  });
}
