import "server-only";
import type { z } from "zod";
import { hasRole } from "@/lib/auth/roles";
import { type CurrentUser, getCurrentUser } from "@/lib/auth/session";
import type { Role } from "@/lib/db/schema";
import { toActionError } from "./action-error";
import type { ActionResult, ActionState } from "./result";

export { toActionError };

type Handler<S extends z.ZodType, T> = (input: z.output<S>, user: CurrentUser) => Promise<T | ActionResult<T>>;

function isResult<T>(value: unknown): value is ActionResult<T> {
  return typeof value === "object" && value !== null && "ok" in value && typeof value.ok === "boolean";
}

const SECRET_FIELD = /password|token/i;

/** The submitted text fields, minus anything secret, for a failed action to hand back. */
export function submittedValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of formData.entries()) {
    if (typeof value === "string" && !key.startsWith("$ACTION") && !SECRET_FIELD.test(key)) values[key] = value;
  }
  return values;
}

/** Adds the submitted values to a failed result. */
export function withSubmittedValues<T>(result: ActionResult<T>, formData: FormData): ActionResult<T> {
  return result.ok ? result : { ...result, values: submittedValues(formData) };
}

export function parseForm<S extends z.ZodType>(schema: S, formData: FormData): ActionResult<z.output<S>> {
  // A name sent several times (checkboxes) becomes an array; schemas for such fields accept one or many.
  const raw: Record<string, FormDataEntryValue | FormDataEntryValue[]> = {};
  for (const [key, value] of formData.entries()) {
    if (key.startsWith("$ACTION")) continue;
    const previous = raw[key];
    raw[key] = previous === undefined ? value : Array.isArray(previous) ? [...previous, value] : [previous, value];
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, data: parsed.data };
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? "form");
    fieldErrors[field] = [...(fieldErrors[field] ?? []), issue.message];
  }
  return { ok: false, code: "invalid_input", message: "Please correct the highlighted fields.", fieldErrors };
}

/**
 * Wraps a server action that needs a signed-in user of at least `role`. Server actions are
 * public POST endpoints (proxy.ts does not guard them), so the session, the organisation
 * and the role are checked here, on every call, before the input is even parsed.
 */
export function authedAction<S extends z.ZodType, T = null>(
  { role, schema }: { role: Role; schema: S },
  handler: Handler<S, T>,
) {
  return async (_previous: ActionState<T>, formData: FormData): Promise<ActionResult<T>> => {
    const user = await getCurrentUser();
    if (!user) return { ok: false, code: "unauthenticated", message: "Your session has ended. Please sign in again." };
    if (!hasRole(user.role, role)) {
      return { ok: false, code: "forbidden", message: "You do not have permission to do that." };
    }
    const input = parseForm(schema, formData);
    if (!input.ok) return withSubmittedValues(input, formData);
    try {
      const result = await handler(input.data, user);
      return isResult<T>(result) ? withSubmittedValues(result, formData) : { ok: true, data: result };
    } catch (error) {
      return withSubmittedValues(await toActionError(error), formData);
    }
  };
}
