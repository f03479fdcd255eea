"use client";

import { useActionState } from "react";
import { FormMessage, fieldErrors, submittedValue } from "@/components/auth/form-message";
import { SelectField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { createBookingPageAction } from "../actions";
import { BasicsFields, EMPTY_BASICS } from "../basics-fields";
import { ZoneSelect } from "../zone-select";

export function CreatePageForm({
  candidates,
  defaultHostId,
}: {
  candidates: Array<{ id: string; name: string; hasCalendar: boolean }>;
  defaultHostId: string;
}) {
  const [state, action] = useActionState(createBookingPageAction, null);
  return (
    <form action={action} className="space-y-6" noValidate aria-label="New booking page">
      <FormMessage state={state} />
      <BasicsFields state={state} defaults={EMPTY_BASICS} />
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField
          name="hostUserId"
          label="Host"
          hint="More hosts, round robin or collective: on the next page."
          defaultValue={submittedValue(state, "hostUserId") ?? defaultHostId}
          errors={fieldErrors(state, "hostUserId")}
          options={candidates.map((member) => ({
            value: member.id,
            label: member.hasCalendar ? member.name : `${member.name} (no calendar connected)`,
          }))}
        />
        <ZoneSelect name="hostTimeZone" label="Host's time zone" defaultZone={submittedValue(state, "hostTimeZone")} />
      </div>
      <p className="text-sm text-slate-600">
        The page starts as a draft with weekday hours 09:00–17:00; change them, then publish.
      </p>
      <SubmitButton pendingText="Creating…">Create booking page</SubmitButton>
    </form>
  );
}
