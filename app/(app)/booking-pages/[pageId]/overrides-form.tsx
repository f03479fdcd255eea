"use client";

import { useActionState } from "react";
import { ActionTextField } from "@/components/auth/action-text-field";
import { FormMessage, fieldErrors, submittedValue } from "@/components/auth/form-message";
import { SelectField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { removeDateOverrideAction, setDateOverrideAction } from "../actions";

const clock = (minute: number) =>
  `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;

export function AddOverrideForm({ pageId, hosts }: { pageId: string; hosts: Array<{ userId: string; name: string }> }) {
  const [state, action] = useActionState(setDateOverrideAction, null);
  return (
    <form action={action} className="space-y-3" noValidate aria-label="Add a date override">
      <FormMessage state={state} />
      <input type="hidden" name="pageId" value={pageId} />
      <div className="grid gap-3 sm:grid-cols-4">
        <SelectField
          name="userId"
          label="Host"
          defaultValue={submittedValue(state, "userId")}
          errors={fieldErrors(state, "userId")}
          options={hosts.map((host) => ({ value: host.userId, label: host.name }))}
        />
        <ActionTextField state={state} name="date" label="Date" type="date" />
        <ActionTextField state={state} name="start" label="From (empty = blackout)" type="time" />
        <ActionTextField state={state} name="end" label="Until (empty = blackout)" type="time" />
      </div>
      <SubmitButton pendingText="Saving…">Save date</SubmitButton>
    </form>
  );
}

export function OverrideRow({
  pageId,
  override,
  hostName,
}: {
  pageId: string;
  override: { id: string; date: string; windows: Array<{ startMinute: number; endMinute: number }> };
  hostName: string;
}) {
  const [state, action] = useActionState(removeDateOverrideAction, null);
  const hours =
    override.windows.length === 0
      ? "Blackout: no hours"
      : override.windows.map((w) => `${clock(w.startMinute)}–${clock(w.endMinute)}`).join(", ");
  return (
    <li className="flex flex-wrap items-center justify-between gap-3 py-2 text-sm" data-testid="date-override">
      <span>
        <span className="font-medium text-slate-900">{override.date}</span> · {hostName} · {hours}
      </span>
      <form action={action} className="flex items-center gap-2">
        <input type="hidden" name="pageId" value={pageId} />
        <input type="hidden" name="overrideId" value={override.id} />
        <SubmitButton variant="ghost" className="px-2 py-1 text-xs" pendingText="Removing…">
          <span>
            Remove <span className="sr-only">{`${override.date} for ${hostName}`}</span>
          </span>
        </SubmitButton>
        {state && !state.ok && (
          <span role="alert" className="text-xs text-red-700">
            {state.message}
          </span>
        )}
      </form>
    </li>
  );
}
