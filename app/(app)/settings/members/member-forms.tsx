"use client";

import { useActionState } from "react";
import { ActionTextField } from "@/components/auth/action-text-field";
import { FormMessage, fieldErrors, submittedValue } from "@/components/auth/form-message";
import { SelectField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import type { Role } from "@/lib/db/schema";
import { changeRoleAction, removeMemberAction, revokeInviteAction } from "./actions";
import { InviteLinkNotice } from "./invite-mail-forms";
import { inviteAction } from "./mail-actions";

const ROLE_OPTIONS: { value: Role; label: string }[] = [
  { value: "member", label: "Member" },
  { value: "admin", label: "Admin" },
  { value: "owner", label: "Owner" },
];

export function InviteForm({ canInviteOwners }: { canInviteOwners: boolean }) {
  const [state, action] = useActionState(inviteAction, null);
  const options = canInviteOwners ? ROLE_OPTIONS : ROLE_OPTIONS.filter((o) => o.value !== "owner");
  return (
    <div className="space-y-4">
      <form action={action} className="grid gap-4 sm:grid-cols-[1fr_10rem_auto] sm:items-end" noValidate>
        <ActionTextField state={state} name="email" label="Email address" type="email" autoComplete="off" />
        <SelectField
          name="role"
          label="Role"
          options={options}
          defaultValue={submittedValue(state, "role") ?? "member"}
          errors={fieldErrors(state, "role")}
        />
        <SubmitButton pendingText="Inviting…">Create invite</SubmitButton>
      </form>
      {state && !state.ok && <FormMessage state={state} />}
      {state?.ok && <InviteLinkNotice invite={state.data} />}
    </div>
  );
}

export function RoleForm({ memberId, role, name }: { memberId: string; role: Role; name: string }) {
  const [state, action] = useActionState(changeRoleAction, null);
  return (
    <form action={action} className="flex flex-wrap items-center gap-2">
      <input type="hidden" name="memberId" value={memberId} />
      <label className="sr-only" htmlFor={`role-${memberId}`}>
        Role of {name}
      </label>
      <select
        id={`role-${memberId}`}
        name="role"
        defaultValue={role}
        className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm"
      >
        {ROLE_OPTIONS.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <SubmitButton variant="secondary" className="px-2 py-1 text-xs" pendingText="Saving…">
        Save role
      </SubmitButton>
      {state && <ResultNote state={state} />}
    </form>
  );
}

export function RemoveMemberForm({ memberId, name }: { memberId: string; name: string }) {
  const [state, action] = useActionState(removeMemberAction, null);
  return (
    <form
      action={action}
      onSubmit={(event) => {
        if (!window.confirm(`Remove ${name} from the organisation? They will be signed out at once.`))
          event.preventDefault();
      }}
      className="flex items-center gap-2"
    >
      <input type="hidden" name="memberId" value={memberId} />
      <SubmitButton variant="danger" className="px-2 py-1 text-xs" pendingText="Removing…">
        Remove
      </SubmitButton>
      {state && !state.ok && <ResultNote state={state} />}
    </form>
  );
}

export function RevokeInviteForm({ inviteId }: { inviteId: string }) {
  const [state, action] = useActionState(revokeInviteAction, null);
  return (
    <form action={action} className="flex items-center gap-2">
      <input type="hidden" name="inviteId" value={inviteId} />
      <SubmitButton variant="ghost" className="px-2 py-1 text-xs" pendingText="Revoking…">
        Revoke
      </SubmitButton>
      {state && !state.ok && <ResultNote state={state} />}
    </form>
  );
}

function ResultNote({ state }: { state: NonNullable<Parameters<typeof FormMessage>[0]["state"]> }) {
  return (
    <span
      role={state.ok ? "status" : "alert"}
      className={state.ok ? "text-xs text-emerald-700" : "text-xs text-red-700"}
    >
      {state.ok ? (state.message ?? "Saved.") : state.message}
    </span>
  );
}
