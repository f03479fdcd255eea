import { Alert } from "@/components/ui/alert";
import type { ActionState } from "@/lib/actions/result";

/** The form-level outcome of an action: its error, or its success message. */
export function FormMessage({ state }: { state: ActionState<unknown> }) {
  if (!state) return null;
  if (!state.ok) return state.fieldErrors ? null : <Alert tone="error">{state.message}</Alert>;
  return state.message ? <Alert tone="success">{state.message}</Alert> : null;
}

export function fieldErrors(state: ActionState<unknown>, field: string): string[] | undefined {
  return state && !state.ok ? state.fieldErrors?.[field] : undefined;
}

/** The value a field had when a failed action was submitted, to fill it in again. */
export function submittedValue(state: ActionState<unknown>, field: string): string | undefined {
  return state && !state.ok ? state.values?.[field] : undefined;
}
