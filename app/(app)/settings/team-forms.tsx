"use client";

import { useActionState } from "react";
import { ActionTextField } from "@/components/auth/action-text-field";
import { FormMessage, fieldErrors } from "@/components/auth/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { deleteGroupAction, saveGroupAction, updateWorkWeekAction } from "./actions";

const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const HOURS = Array.from({ length: 25 }, (_, hour) => hour);

export function WorkWeekForm({
  workDays,
  startHour,
  endHour,
}: {
  workDays: number[];
  startHour: number;
  endHour: number;
}) {
  const [state, action] = useActionState(updateWorkWeekAction, null);
  const dayErrors = fieldErrors(state, "workDays");
  const hourErrors = fieldErrors(state, "endHour");
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormMessage state={state} />
      <fieldset>
        <legend className="text-sm font-medium text-slate-800">Work days</legend>
        <div className="mt-2 flex flex-wrap gap-3">
          {WEEKDAYS.map((day, index) => (
            <label key={day} className="flex items-center gap-1.5 text-sm text-slate-700">
              <input type="checkbox" name="workDays" value={index + 1} defaultChecked={workDays.includes(index + 1)} />
              {day}
            </label>
          ))}
        </div>
        {dayErrors?.map((error) => (
          <p key={error} className="mt-1 text-xs text-red-700">
            {error}
          </p>
        ))}
      </fieldset>
      <div className="flex flex-wrap items-end gap-4">
        {(
          [
            ["startHour", "Day starts at", startHour],
            ["endHour", "Day ends at", endHour],
          ] as const
        ).map(([name, label, value]) => (
          <label key={name} className="text-sm text-slate-800">
            <span className="block font-medium">{label}</span>
            <select name={name} defaultValue={value} className="mt-1 rounded-md border border-slate-300 px-2 py-1">
              {HOURS.map((hour) => (
                <option key={hour} value={hour}>
                  {String(hour).padStart(2, "0")}:00
                </option>
              ))}
            </select>
          </label>
        ))}
        <SubmitButton pendingText="Saving…">Save work week</SubmitButton>
      </div>
      {hourErrors?.map((error) => (
        <p key={error} className="text-xs text-red-700">
          {error}
        </p>
      ))}
    </form>
  );
}

export function GroupForm({
  members,
  group,
}: {
  members: Array<{ id: string; name: string }>;
  group?: { id: string; name: string; memberIds: string[] };
}) {
  const [state, action] = useActionState(saveGroupAction, null);
  return (
    <form action={action} className="space-y-3" noValidate aria-label={group ? `Edit ${group.name}` : "New group"}>
      <FormMessage state={state} />
      <input type="hidden" name="groupId" value={group?.id ?? ""} />
      <ActionTextField state={state} name="name" label="Group name" defaultValue={group?.name ?? ""} />
      <fieldset>
        <legend className="text-sm font-medium text-slate-800">Members</legend>
        <div className="mt-2 grid gap-1 sm:grid-cols-2">
          {members.map((member) => (
            <label key={member.id} className="flex items-center gap-1.5 text-sm text-slate-700">
              <input
                type="checkbox"
                name="memberIds"
                value={member.id}
                defaultChecked={group?.memberIds.includes(member.id) ?? false}
              />
              {member.name}
            </label>
          ))}
        </div>
      </fieldset>
      <SubmitButton pendingText="Saving…">{group ? "Save group" : "Create group"}</SubmitButton>
    </form>
  );
}

export function DeleteGroupForm({ groupId, name }: { groupId: string; name: string }) {
  const [state, action] = useActionState(deleteGroupAction, null);
  return (
    <form
      action={action}
      onSubmit={(event) => {
        if (!window.confirm(`Delete the group ${name}? Its members stay in the organisation.`)) event.preventDefault();
      }}
      className="flex items-center gap-2"
    >
      <input type="hidden" name="groupId" value={groupId} />
      <SubmitButton variant="danger" className="px-2 py-1 text-xs" pendingText="Deleting…">
        Delete
      </SubmitButton>
      {state && !state.ok && (
        <span role="alert" className="text-xs text-red-700">
          {state.message}
        </span>
      )}
    </form>
  );
}
