"use client";

import { useActionState } from "react";
import { ActionTextField } from "@/components/auth/action-text-field";
import { FormMessage } from "@/components/auth/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionState } from "@/lib/actions/result";
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
}

const CHECKBOXES = [
  ["blockTentative", "Tentative appointments block slots"],
  ["blockWorkingElsewhere", '"Working elsewhere" blocks slots'],
  ["sendInvitations", "Send Exchange invitations to the customer (and, on collective pages, the other hosts)"],
] as const;

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
        <ActionTextField
          state={state}
          name="bufferBeforeMinutes"
          label="Buffer before (minutes)"
          type="number"
          min={0}
          defaultValue={String(defaults.bufferBeforeMinutes)}
        />
        <ActionTextField
          state={state}
          name="bufferAfterMinutes"
          label="Buffer after (minutes)"
          type="number"
          min={0}
          defaultValue={String(defaults.bufferAfterMinutes)}
        />
        <ActionTextField
          state={state}
          name="minimumNoticeMinutes"
          label="Minimum notice (minutes)"
          type="number"
          min={0}
          defaultValue={String(defaults.minimumNoticeMinutes)}
        />
        <ActionTextField
          state={state}
          name="horizonDays"
          label="How far ahead (days)"
          type="number"
          min={1}
          max={365}
          defaultValue={String(defaults.horizonDays)}
        />
        <ActionTextField
          state={state}
          name="dailyLimit"
          label="Bookings per host per day"
          hint="Empty = no limit."
          type="number"
          min={1}
          defaultValue={defaults.dailyLimit === null ? "" : String(defaults.dailyLimit)}
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
