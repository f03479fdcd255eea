"use client";

import { useActionState } from "react";
import { FormMessage, fieldErrors } from "@/components/auth/form-message";
import { TextField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { changePasswordAction, renameOrganisationAction } from "./actions";

export function ChangePasswordForm() {
  const [state, action] = useActionState(changePasswordAction, null);
  return (
    <form action={action} className="max-w-sm space-y-4" noValidate>
      <FormMessage state={state} />
      <TextField
        name="currentPassword"
        label="Current password"
        type="password"
        autoComplete="current-password"
        errors={fieldErrors(state, "currentPassword")}
      />
      <TextField
        name="newPassword"
        label="New password"
        type="password"
        autoComplete="new-password"
        hint="At least 10 characters. Changing it signs you out everywhere else."
        errors={fieldErrors(state, "newPassword")}
      />
      <SubmitButton pendingText="Saving…">Change password</SubmitButton>
    </form>
  );
}

export function RenameOrganisationForm({ name }: { name: string }) {
  const [state, action] = useActionState(renameOrganisationAction, null);
  return (
    <form action={action} className="max-w-sm space-y-4" noValidate>
      <FormMessage state={state} />
      <TextField name="name" label="Organisation name" defaultValue={name} errors={fieldErrors(state, "name")} />
      <SubmitButton pendingText="Saving…">Save</SubmitButton>
    </form>
  );
}
