import "server-only";
import { headers } from "next/headers";
import type { Logger } from "pino";
import { log } from "@/lib/log";

import { REQUEST_ID_HEADER } from "@/lib/security/request-id";

export { REQUEST_ID_HEADER };

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
