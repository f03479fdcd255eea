"use client";

import { useActionState } from "react";
import { FormMessage } from "@/components/auth/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { updateBasicsAction } from "../actions";
import { type BasicsDefaults, BasicsFields } from "../basics-fields";

export function BasicsForm({ pageId, defaults }: { pageId: string; defaults: BasicsDefaults }) {
  const [state, action] = useActionState(updateBasicsAction, null);
  return (
    <form action={action} className="space-y-4" noValidate aria-label="Details">
      <FormMessage state={state} />
      <input type="hidden" name="pageId" value={pageId} />
      <BasicsFields state={state} defaults={defaults} />
      <SubmitButton pendingText="Saving…">Save details</SubmitButton>
    </form>
  );
}
