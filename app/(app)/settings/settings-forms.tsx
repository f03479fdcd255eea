"use client";

import { useActionState } from "react";
import { ActionTextField } from "@/components/auth/action-text-field";
import { FormMessage } from "@/components/auth/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { changePasswordAction, renameOrganisationAction } from "./actions";

export function ChangePasswordForm() {
  const [state, action] = useActionState(changePasswordAction, null);
  return (
    <form action={action} className="max-w-sm space-y-4" noValidate>
      <FormMessage state={state} />
      <ActionTextField
        state={state}
        name="currentPassword"
        label="Current password"
        type="password"
        autoComplete="current-password"
      />
      <ActionTextField
        state={state}
        name="newPassword"
        label="New password"
        type="password"
        autoComplete="new-password"
        hint="At least 10 characters. Changing it signs you out everywhere else."
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
      <ActionTextField state={state} name="name" label="Organisation name" defaultValue={name} />
      <SubmitButton pendingText="Saving…">Save</SubmitButton>
    </form>
  );
}
