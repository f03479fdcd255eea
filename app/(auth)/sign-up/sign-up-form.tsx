"use client";

import { useActionState } from "react";
import { FormMessage, fieldErrors, submittedValue } from "@/components/auth/form-message";
import { TextField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { signUpAction } from "../actions";

export function SignUpForm() {
  const [state, action] = useActionState(signUpAction, null);
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormMessage state={state} />
      <TextField
        name="name"
        defaultValue={submittedValue(state, "name")}
        label="Your name"
        autoComplete="name"
        required
        errors={fieldErrors(state, "name")}
      />
      <TextField
        name="organisationName"
        defaultValue={submittedValue(state, "organisationName")}
        label="Organisation"
        autoComplete="organization"
        required
        errors={fieldErrors(state, "organisationName")}
      />
      <TextField
        name="email"
        defaultValue={submittedValue(state, "email")}
        label="Work email"
        type="email"
        autoComplete="email"
        required
        errors={fieldErrors(state, "email")}
      />
      <TextField
        name="password"
        label="Password"
        type="password"
        autoComplete="new-password"
        hint="At least 10 characters."
        required
        errors={fieldErrors(state, "password")}
      />
      <SubmitButton className="w-full" pendingText="Creating…">
        Create organisation
      </SubmitButton>
    </form>
  );
}
