"use client";

import { useActionState } from "react";
import { ActionTextField } from "@/components/auth/action-text-field";
import { FormMessage } from "@/components/auth/form-message";
import { ConfirmedActionForm } from "@/components/ui/confirmed-action-form";
import { SubmitButton } from "@/components/ui/submit-button";
import { addDomainAction, removeDomainAction } from "./domain-actions";

export function AddDomainForm() {
  const [state, action] = useActionState(addDomainAction, null);
  return (
    <form action={action} className="flex max-w-md flex-wrap items-end gap-3" noValidate>
      <div className="min-w-0 flex-1">
        <ActionTextField state={state} name="domain" label="Email domain" placeholder="example.com" />
      </div>
      <SubmitButton pendingText="Adding…">Add domain</SubmitButton>
      <div className="w-full">
        <FormMessage state={state} />
      </div>
    </form>
  );
}

export function RemoveDomainForm({ domain }: { domain: string }) {
  return (
    <ConfirmedActionForm
      action={removeDomainAction}
      fields={{ domain }}
      confirm={`Remove ${domain}? People with addresses there can no longer sign themselves up; existing members stay.`}
      label="Remove"
      pendingText="Removing…"
    />
  );
}
