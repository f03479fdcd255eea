"use client";

import { useActionState } from "react";
import { ActionTextField } from "@/components/auth/action-text-field";
import { FormMessage } from "@/components/auth/form-message";
import { TextField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { acceptInviteAction } from "../../actions";

export function AcceptInviteForm({ token, email }: { token: string; email: string }) {
  const [state, action] = useActionState(acceptInviteAction, null);
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormMessage state={state} />
      <input type="hidden" name="token" value={token} />
      <TextField name="email" label="Email" value={email} readOnly disabled />
      <ActionTextField state={state} name="name" label="Your name" autoComplete="name" required />
      <ActionTextField
        state={state}
        name="password"
        label="Choose a password"
        type="password"
        autoComplete="new-password"
        hint="At least 10 characters."
        required
      />
      <SubmitButton className="w-full" pendingText="Joining…">
        Join
      </SubmitButton>
    </form>
  );
}
