import "server-only";
import { clientIp } from "@/lib/auth/client-ip";
import { consumeRateLimit, RateLimitedError, type RateLimitPolicy } from "@/lib/auth/rate-limit";
import { log, summarizeError } from "@/lib/log";
import { currentRequestId } from "@/lib/request-log";
import { apiSecurityHeaders } from "@/lib/security/headers";
import { REQUEST_ID_HEADER, requestIdFor, servedOverHttps } from "@/lib/security/request-id";

// The public API's answers: JSON, never cached anywhere (each is a live read), errors as { error, message }.

const NO_STORE = { "Cache-Control": "no-store" };
export const SLUG_PATTERN = /^[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?$/;

/**
 * Answers below this go uncompressed (`no-transform` keeps the server's generic gzip off them): they fit in
 * TCP's initial congestion window (10 segments, about 14 KB) either way, so gzip would save no round trip and
 * costs CPU on every request of the busiest public route. Larger ones (a month of slots) are compressed.
 */
const UNCOMPRESSED_UP_TO_BYTES = 12 * 1024;

/** A plain Response: NextResponse's cookie and rewrite machinery is not needed here and costs per request. */
export function publicJson(input: { status: number; body: unknown; headers?: Record<string, string> }): Response {
  const json = JSON.stringify(input.body);
  const cacheControl =
    Buffer.byteLength(json) <= UNCOMPRESSED_UP_TO_BYTES ? { "Cache-Control": "no-store, no-transform" } : NO_STORE;
  return new Response(json, {
    status: input.status,
    headers: { "Content-Type": "application/json", ...cacheControl, ...input.headers },
  });
}

export function publicError(input: { status: number; error: string; message: string; extra?: object }) {
  return publicJson({ status: input.status, body: { error: input.error, message: input.message, ...input.extra } });
}

export const PAGE_NOT_FOUND = () =>
  publicError({ status: 404, error: "not_found", message: "There is no booking page at this address." });

/** Counts one request from the caller's address; a 429 response when the budget is spent, else null. */
export async function limitCaller(input: { request: Request; policy: RateLimitPolicy }) {
  try {
    await consumeRateLimit({ policy: input.policy, key: clientIp(input.request.headers) });
    return null;
  } catch (error) {
    if (!(error instanceof RateLimitedError)) throw error;
    return publicJson({
      status: 429,
      body: { error: "rate_limited", message: "Too many requests. Please wait a moment and try again." },
      headers: { "Retry-After": String(error.retryAfterSeconds) },
    });
  }
}

/**
 * Anything unexpected: logged with the request id (never the input), answered without details. `requestId`
 * for a route the proxy does not see (it has made its own); otherwise the proxy's is read.
 */
export async function unexpected(input: { error: unknown; what: string; requestId?: string }) {
  const requestId = input.requestId ?? (await currentRequestId());
  log.error({ requestId, err: summarizeError(input.error) }, input.what);
  return publicError({
    status: 500,
    error: "internal",
    message: `Something went wrong. Please try again.${requestId ? ` (reference ${requestId})` : ""}`,
  });
}

/**
 * For the one public route the proxy does not see (proxy.ts's matcher): its request id (a load balancer's
 * plain one kept, else made here) and the security headers the proxy would have set, for every answer.
 */
export function directRouteHeaders(request: Request): { requestId: string; apply(response: Response): Response } {
  const requestId = requestIdFor(request.headers);
  const headers = {
    ...apiSecurityHeaders({ https: servedOverHttps(new URL(request.url)) }),
    [REQUEST_ID_HEADER]: requestId,
  };
  return {
    requestId,
    apply(response) {
      for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
      return response;
    },
  };
}
