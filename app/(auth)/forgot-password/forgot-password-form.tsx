"use client";

import { useActionState } from "react";
import { ActionTextField } from "@/components/auth/action-text-field";
import { FormMessage } from "@/components/auth/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { forgotPasswordAction } from "../password-reset-actions";

export function ForgotPasswordForm() {
  const [state, action] = useActionState(forgotPasswordAction, null);
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormMessage state={state} />
      <ActionTextField state={state} name="email" label="Email" type="email" autoComplete="email" required />
      <SubmitButton className="w-full" pendingText="Sending…">
        Mail me a link
      </SubmitButton>
    </form>
  );
}
