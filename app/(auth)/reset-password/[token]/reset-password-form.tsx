"use client";

import Link from "next/link";
import { useActionState } from "react";
import { ActionTextField } from "@/components/auth/action-text-field";
import { FormMessage } from "@/components/auth/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { resetPasswordAction } from "../../password-reset-actions";

export function ResetPasswordForm({ token }: { token: string }) {
  const [state, action] = useActionState(resetPasswordAction, null);
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormMessage state={state} />
      {state && !state.ok && state.code === "not_found" && (
        <Link href="/forgot-password" className="inline-block text-sm font-medium text-brand-600 hover:underline">
          Ask for a new link
        </Link>
      )}
      <input type="hidden" name="token" value={token} />
      <ActionTextField
        state={state}
        name="password"
        label="New password"
        type="password"
        autoComplete="new-password"
        hint="At least 10 characters."
        required
      />
      <SubmitButton className="w-full" pendingText="Saving…">
        Set new password
      </SubmitButton>
    </form>
  );
}
