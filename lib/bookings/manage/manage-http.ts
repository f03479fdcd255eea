import "server-only";
import { z } from "zod";
import { bookingRequestSchema, fieldErrorsOf, publicError } from "@/lib/bookings/public";
import { multiLineText } from "@/lib/validation/text";
import type { ManageRefusal } from "./manage-read";

// The manage routes' shared answers: a refused link in the public API's error shape.

const REFUSALS: Record<ManageRefusal, { status: number; error: string; message: string }> = {
  invalid: { status: 404, error: "not_found", message: "This booking link is not valid." },
  expired: { status: 410, error: "expired", message: "This booking is over: its link no longer works." },
  cancelled: { status: 410, error: "cancelled", message: "This booking was cancelled." },
};

export function refusedLink(reason: ManageRefusal) {
  return publicError(REFUSALS[reason]);
}

export const cancelRequestSchema = z.object({
  reason: multiLineText().max(500, "Please keep the reason under 500 characters.").optional(),
});

export const rescheduleRequestSchema = bookingRequestSchema.pick({ start: true, timeZone: true });

/** The JSON body parsed with `schema`, or the 400 to answer. */
export async function readBody<T extends z.ZodType>(input: { request: Request; schema: T }) {
  let body: unknown;
  try {
    const text = await input.request.text();
    body = text.trim() ? JSON.parse(text) : {};
  } catch {
    return {
      ok: false as const,
      response: publicError({ status: 400, error: "invalid_input", message: "The request body must be JSON." }),
    };
  }
  const parsed = input.schema.safeParse(body);
  if (parsed.success) return { ok: true as const, data: parsed.data as z.output<T> };
  return {
    ok: false as const,
    response: publicError({
      status: 400,
      error: "invalid_input",
      message: "Please check the highlighted fields.",
      extra: { fieldErrors: fieldErrorsOf(parsed.error) },
    }),
  };
}
