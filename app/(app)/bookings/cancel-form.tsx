"use client";

import { useActionState, useId } from "react";
import { SubmitButton } from "@/components/ui/submit-button";
import { cancelBookingAction } from "./actions";

/** Cancel with a reason, folded away until asked for so a stray tap cancels nothing. */
export function CancelBookingForm({
  bookingId,
  label,
  cancelled,
}: {
  bookingId: string;
  label: string;
  cancelled: boolean;
}) {
  const [state, action] = useActionState(cancelBookingAction, null);
  const id = `reason-${useId().replaceAll(":", "")}`;
  // Once cancelled the form goes, but what became of the Exchange item is still said.
  if (cancelled) {
    return state?.ok ? (
      <p role="status" className="text-sm text-emerald-800">
        {state.message}
      </p>
    ) : null;
  }
  const error = state && !state.ok ? (state.fieldErrors?.reason?.[0] ?? state.message) : null;
  return (
    <details className="group text-sm">
      <summary className="inline-flex cursor-pointer list-none rounded-md border border-red-200 px-2.5 py-1 font-medium text-red-700 hover:bg-red-50">
        Cancel booking…
      </summary>
      <form action={action} aria-label={`Cancel ${label}`} className="mt-2 space-y-2">
        <input type="hidden" name="bookingId" value={bookingId} />
        <label htmlFor={id} className="block font-medium text-slate-800">
          Reason (sent to the customer)
        </label>
        <textarea
          id={id}
          name="reason"
          required
          maxLength={500}
          rows={2}
          defaultValue={state && !state.ok ? state.values?.reason : undefined}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          className="block w-full rounded-md border border-slate-300 px-3 py-2 text-sm"
        />
        <SubmitButton variant="danger" pendingText="Cancelling…">
          Cancel this booking
        </SubmitButton>
        {error ? (
          <p id={`${id}-error`} role="alert" className="text-red-700">
            {error}
          </p>
        ) : null}
      </form>
    </details>
  );
}
