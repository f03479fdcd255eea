"use client";

import { useActionState } from "react";
import { ActionTextField } from "@/components/auth/action-text-field";
import { FormMessage } from "@/components/auth/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { setUpInstanceAction } from "./actions";

export function SetupForm() {
  const [state, action] = useActionState(setUpInstanceAction, null);
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormMessage state={state} />
      <ActionTextField state={state} name="name" label="Your name" autoComplete="name" required />
      <ActionTextField
        state={state}
        name="organisationName"
        label="Organisation"
        autoComplete="organization"
        required
      />
      <ActionTextField state={state} name="email" label="Work email" type="email" autoComplete="email" required />
      <ActionTextField
        state={state}
        name="password"
        label="Password"
        type="password"
        autoComplete="new-password"
        hint="At least 10 characters."
        required
      />
      <SubmitButton className="w-full" pendingText="Setting up…">
        Set up Slotbridge
      </SubmitButton>
    </form>
  );
}
