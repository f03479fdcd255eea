"use client";

import { useActionState } from "react";
import { ActionTextField } from "@/components/auth/action-text-field";
import { FormMessage } from "@/components/auth/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { signInAction } from "../actions";
import { ResendVerificationForm } from "../verify-email/resend-form";

export function SignInForm({ next }: { next?: string }) {
  const [state, action] = useActionState(signInAction, null);
  const unverifiedEmail = state && !state.ok && state.code === "email_unverified" ? state.values?.email : undefined;
  return (
    <>
      <form action={action} className="space-y-4" noValidate>
        <FormMessage state={state} />
        {next && <input type="hidden" name="next" value={next} />}
        <ActionTextField state={state} name="email" label="Email" type="email" autoComplete="email" required />
        <ActionTextField
          state={state}
          name="password"
          label="Password"
          type="password"
          autoComplete="current-password"
          required
        />
        <SubmitButton className="w-full" pendingText="Signing in…">
          Sign in
        </SubmitButton>
      </form>
      {unverifiedEmail && <ResendVerificationForm email={unverifiedEmail} />}
    </>
  );
}
