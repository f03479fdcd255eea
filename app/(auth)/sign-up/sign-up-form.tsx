"use client";

import { useActionState } from "react";
import { ActionTextField } from "@/components/auth/action-text-field";
import { FormMessage } from "@/components/auth/form-message";
import { Alert } from "@/components/ui/alert";
import { SubmitButton } from "@/components/ui/submit-button";
import { signUpAction } from "../actions";

export function SignUpForm({ mode }: { mode: "open" | "domains" }) {
  const [state, action] = useActionState(signUpAction, null);
  if (state?.ok) {
    return (
      <div className="space-y-3" data-testid="sign-up-done">
        <Alert tone="success">
          {state.data.mailed
            ? `Check your inbox: we sent a link to ${state.data.email}. Open it to verify your address, then sign in.`
            : `Your account is made, but the verification mail to ${state.data.email} did not go out. Sign in to have it sent again.`}
        </Alert>
      </div>
    );
  }
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormMessage state={state} />
      <ActionTextField state={state} name="name" label="Your name" autoComplete="name" required />
      {mode === "open" && (
        <ActionTextField
          state={state}
          name="organisationName"
          label="Organisation"
          autoComplete="organization"
          required
        />
      )}
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
      <SubmitButton className="w-full" pendingText={mode === "open" ? "Creating…" : "Signing up…"}>
        {mode === "open" ? "Create organisation" : "Sign up"}
      </SubmitButton>
    </form>
  );
}
