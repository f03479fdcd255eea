"use client";

import { useActionState } from "react";
import { ActionNumberFields, type NumberFieldSpec } from "@/components/auth/action-number-fields";
import { ActionTextField } from "@/components/auth/action-text-field";
import { FormMessage } from "@/components/auth/form-message";
import { SelectField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionState } from "@/lib/actions/result";
import { MAIL_LANGUAGES } from "@/lib/notifications/catalogue";
import { updateRulesAction } from "../actions";

export interface RulesDefaults {
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
  minimumNoticeMinutes: number;
  horizonDays: number;
  dailyLimit: number | null;
  blockTentative: boolean;
  blockWorkingElsewhere: boolean;
  sendInvitations: boolean;
  cancellationMethod: "cancel_item" | "delete_item";
  notifyCustomerOfCalendarChanges: boolean;
  language: string;
  reminderMinutes: number[];
}

const NUMBER_FIELDS = [
  { name: "bufferBeforeMinutes", label: "Buffer before (minutes)", min: 0 },
  { name: "bufferAfterMinutes", label: "Buffer after (minutes)", min: 0 },
  { name: "minimumNoticeMinutes", label: "Minimum notice (minutes)", min: 0 },
  { name: "horizonDays", label: "How far ahead (days)", min: 1, max: 365 },
  { name: "dailyLimit", label: "Bookings per host per day", hint: "Empty = no limit.", min: 1 },
] as const satisfies readonly NumberFieldSpec[];

const CHECKBOXES = [
  ["blockTentative", "Tentative appointments block slots"],
  ["blockWorkingElsewhere", '"Working elsewhere" blocks slots'],
  ["sendInvitations", "Send Exchange invitations to the customer (and, on collective pages, the other hosts)"],
  ["notifyCustomerOfCalendarChanges", "Mail the customer when the host moves or deletes the meeting in Outlook"],
] as const;

const CANCELLATION_METHODS = [
  { value: "cancel_item", label: "Cancel the meeting (attendees get a cancellation)" },
  { value: "delete_item", label: "Delete the item (cancellations only if invitations are sent)" },
];

/** What was submitted for `name` when the last save failed, to show it again. */
function submitted(state: ActionState<unknown>, name: string): string | undefined {
  return state && !state.ok ? state.values?.[name] : undefined;
}

/** After a failed save a checkbox shows what was submitted: present in the values = it was ticked. */
function checkedAfter(state: ActionState<unknown>, name: string, stored: boolean): boolean {
  if (state && !state.ok && state.values) return state.values[name] === "on";
  return stored;
}

export function RulesForm({ pageId, defaults }: { pageId: string; defaults: RulesDefaults }) {
  const [state, action] = useActionState(updateRulesAction, null);
  return (
    <form action={action} className="space-y-4" noValidate aria-label="Rules">
      <FormMessage state={state} />
      <input type="hidden" name="pageId" value={pageId} />
      <div className="grid gap-4 sm:grid-cols-3">
        <ActionNumberFields state={state} fields={NUMBER_FIELDS} values={defaults} />
        <ActionTextField
          state={state}
          name="reminderMinutes"
          label="Reminders (minutes before)"
          hint="Comma-separated, e.g. 1440, 60. Empty = none."
          defaultValue={defaults.reminderMinutes.join(", ")}
        />
        <SelectField
          name="language"
          label="Language of the mail"
          options={[...MAIL_LANGUAGES]}
          defaultValue={submitted(state, "language") ?? defaults.language}
          errors={state && !state.ok ? state.fieldErrors?.language : undefined}
        />
        <SelectField
          name="cancellationMethod"
          label="When a booking is cancelled"
          options={CANCELLATION_METHODS}
          defaultValue={submitted(state, "cancellationMethod") ?? defaults.cancellationMethod}
          errors={state && !state.ok ? state.fieldErrors?.cancellationMethod : undefined}
        />
      </div>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-800">
          Exchange statuses (busy and out of office always block)
        </legend>
        {CHECKBOXES.map(([name, label]) => (
          <label key={name} className="flex items-center gap-2 text-sm text-slate-700">
            <input type="checkbox" name={name} defaultChecked={checkedAfter(state, name, defaults[name])} />
            {label}
          </label>
        ))}
      </fieldset>
      <SubmitButton pendingText="Saving…">Save rules</SubmitButton>
    </form>
  );
}
