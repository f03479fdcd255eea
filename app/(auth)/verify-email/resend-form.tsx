"use client";

import { useActionState } from "react";
import { FormMessage } from "@/components/auth/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { resendVerificationAction } from "./actions";

/** Shown where sign-in was refused for an unverified address: sends the verification mail again. */
export function ResendVerificationForm({ email }: { email: string }) {
  const [state, action] = useActionState(resendVerificationAction, null);
  return (
    <form action={action} className="mt-4 space-y-3 rounded-md border border-slate-200 p-3">
      <input type="hidden" name="email" value={email} />
      <FormMessage state={state} />
      <p className="text-sm text-slate-600">No mail, or the link has expired?</p>
      <SubmitButton variant="secondary" className="w-full" pendingText="Sending…">
        Send the verification mail again
      </SubmitButton>
    </form>
  );
}
