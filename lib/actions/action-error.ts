import "server-only";
import { unstable_rethrow } from "next/navigation";
import { AppError } from "@/lib/errors";
import { log, summarizeError } from "@/lib/log";
import { currentRequestId } from "@/lib/request-log";
import type { ActionResult } from "./result";

/**
 * A server action's failure as the browser sees it: an AppError's code and message, or for anything
 * unexpected a generic message with the request's reference, the details going to the server log only.
 */
export async function toActionError(error: unknown): Promise<ActionResult<never>> {
  unstable_rethrow(error); // redirect() and notFound() are control flow, not failures
  if (error instanceof AppError) return { ok: false, code: error.code, message: error.message };
  const requestId = await currentRequestId();
  log.error({ requestId, error: summarizeError(error) }, "unexpected error in a server action");
  const reference = requestId ? ` (reference ${requestId})` : "";
  return { ok: false, code: "internal", message: `Something went wrong. Please try again.${reference}` };
}
