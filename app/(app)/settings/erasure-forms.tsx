"use client";

import { useActionState } from "react";
import { ActionTextField } from "@/components/auth/action-text-field";
import { FormMessage } from "@/components/auth/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import {
  deleteAccountAction,
  deleteOrganisationAction,
  eraseCustomerAction,
  findCustomerAction,
  updateRetentionAction,
} from "./erasure-actions";

export function DeleteAccountForm() {
  const [state, action] = useActionState(deleteAccountAction, null);
  return (
    <form action={action} className="max-w-sm space-y-4" noValidate data-testid="delete-account">
      <FormMessage state={state} />
      <ActionTextField
        state={state}
        name="password"
        label="Your password"
        type="password"
        autoComplete="current-password"
        hint="Needed to confirm it is you."
      />
      <SubmitButton variant="danger" pendingText="Deleting…">
        Delete my account
      </SubmitButton>
    </form>
  );
}

export function DeleteOrganisationForm({ name }: { name: string }) {
  const [state, action] = useActionState(deleteOrganisationAction, null);
  return (
    <form action={action} className="max-w-sm space-y-4" noValidate data-testid="delete-organisation">
      <FormMessage state={state} />
      <ActionTextField
        state={state}
        name="confirmName"
        label={`Type "${name}" to confirm`}
        autoComplete="off"
        spellCheck={false}
      />
      <SubmitButton variant="danger" pendingText="Deleting…">
        Delete the organisation
      </SubmitButton>
    </form>
  );
}

export function RetentionForm({ days }: { days: number }) {
  const [state, action] = useActionState(updateRetentionAction, null);
  return (
    <form action={action} className="max-w-sm space-y-4" noValidate data-testid="retention">
      <FormMessage state={state} />
      <ActionTextField
        state={state}
        name="days"
        label="Erase customer details after (days)"
        type="number"
        inputMode="numeric"
        min={0}
        max={3650}
        defaultValue={String(days)}
        hint="Counted from the end of the appointment. 0 keeps them. The booking's time and page stay."
      />
      <SubmitButton pendingText="Saving…">Save</SubmitButton>
    </form>
  );
}

function EraseCustomerConfirm({ email, total, coming }: { email: string; total: number; coming: number }) {
  const [state, action] = useActionState(eraseCustomerAction, null);
  if (state?.ok) return <FormMessage state={state} />;
  return (
    <form action={action} className="space-y-3 rounded-md border border-red-200 bg-red-50 p-4" noValidate>
      <FormMessage state={state} />
      <input type="hidden" name="email" value={email} />
      <p className="text-sm text-slate-800" data-testid="customer-found">
        {email}: {total} booking{total === 1 ? "" : "s"}
        {coming > 0 ? `, ${coming} still to come (they are cancelled first, in Exchange too)` : ""}.
      </p>
      <SubmitButton variant="danger" pendingText="Erasing…">
        Erase this customer's details
      </SubmitButton>
    </form>
  );
}

export function FindCustomerForm() {
  const [state, action] = useActionState(findCustomerAction, null);
  const found = state?.ok ? state.data : null;
  return (
    <div className="max-w-lg space-y-4" data-testid="erase-customer">
      <form action={action} className="space-y-4" noValidate>
        <FormMessage state={state?.ok ? null : state} />
        <ActionTextField state={state} name="email" label="Customer's email address" type="email" autoComplete="off" />
        <SubmitButton variant="secondary" pendingText="Searching…">
          Find bookings
        </SubmitButton>
      </form>
      {found &&
        (found.total === 0 ? (
          <p className="text-sm text-slate-600" data-testid="customer-found">
            No booking of this organisation carries {found.email}.
          </p>
        ) : (
          <EraseCustomerConfirm key={found.email} {...found} />
        ))}
    </div>
  );
}
