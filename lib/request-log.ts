import "server-only";
import { headers } from "next/headers";
import type { Logger } from "pino";
import { log } from "@/lib/log";

/** Set by proxy.ts on every request (kept from a trusted upstream proxy when it looks like an id). */
export const REQUEST_ID_HEADER = "x-request-id";

/** The current request's id, or undefined outside a request (background jobs, scripts). */
export async function currentRequestId(): Promise<string | undefined> {
  try {
    return (await headers()).get(REQUEST_ID_HEADER) ?? undefined;
  } catch {
    return undefined;
  }
}

/** A logger whose lines carry the current request's id, so one request's lines can be found together. */
export async function requestLog(): Promise<Logger> {
  const requestId = await currentRequestId();
  return requestId ? log.child({ requestId }) : log;
}
