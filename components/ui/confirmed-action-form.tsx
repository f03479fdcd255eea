"use client";

import { useActionState } from "react";
import type { ActionResult, ActionState } from "@/lib/actions/result";
import type { ButtonVariant } from "./button";
import { SubmitButton } from "./submit-button";

/**
 * One small form around a server action that asks first (window.confirm) and shows the outcome beside its
 * button: the pattern of every remove, revoke and disconnect button. `fields` become hidden inputs.
 */
export function ConfirmedActionForm({
  action,
  fields,
  confirm,
  label,
  pendingText,
  variant = "danger",
  showSuccess = false,
}: {
  action: (previous: ActionState<null>, formData: FormData) => Promise<ActionResult<null>>;
  fields: Record<string, string>;
  confirm: string;
  label: string;
  pendingText: string;
  variant?: ButtonVariant;
  /** Also show the success message (else only failures: the row usually disappears on success). */
  showSuccess?: boolean;
}) {
  const [state, submit] = useActionState(action, null);
  return (
    <form
      action={submit}
      onSubmit={(event) => {
        if (!window.confirm(confirm)) event.preventDefault();
      }}
      className="flex items-center gap-2"
    >
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <SubmitButton variant={variant} className="px-2 py-1 text-xs" pendingText={pendingText}>
        {label}
      </SubmitButton>
      {state && (!state.ok || showSuccess) ? (
        <span
          role={state.ok ? "status" : "alert"}
          className={state.ok ? "text-xs text-emerald-700" : "text-xs text-red-700"}
        >
          {state.ok ? (state.message ?? "Done.") : state.message}
        </span>
      ) : null}
    </form>
  );
}
