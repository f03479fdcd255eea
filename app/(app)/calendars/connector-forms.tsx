"use client";

import { useActionState } from "react";
import { ConfirmedActionForm } from "@/components/ui/confirmed-action-form";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionState } from "@/lib/actions/result";
import {
  attachConnectorMailboxAction,
  createConnectorAction,
  deleteConnectorAction,
  type IssuedPairingCode,
  renewPairingCodeAction,
  revokeConnectorAction,
} from "./connector-actions";

function Note({ state }: { state: ActionState<unknown> }) {
  if (!state) return null;
  return (
    <span
      role={state.ok ? "status" : "alert"}
      className={state.ok ? "text-xs text-emerald-700" : "text-xs text-red-700"}
    >
      {state.ok ? (state.message ?? "Done.") : state.message}
    </span>
  );
}

/** The code, shown once, with the command that uses it. */
function PairingInstructions({ issued, appUrl }: { issued: IssuedPairingCode; appUrl: string }) {
  const expires = new Date(issued.expiresAt).toISOString().slice(11, 16);
  return (
    <div role="status" className="w-full space-y-1 rounded-md bg-slate-50 p-3 text-sm text-slate-700">
      <p>
        Pairing code{" "}
        <strong data-testid="pairing-code" className="font-mono text-base text-slate-900">
          {issued.code}
        </strong>{" "}
        works once, until {expires} UTC. On the machine inside your network, run:
      </p>
      <pre className="overflow-x-auto rounded bg-slate-900 p-2 text-xs text-slate-100">
        npm run connector -- pair --server {appUrl} --code {issued.code}
      </pre>
      <p className="text-xs text-slate-500">It is not shown again; ask for a new code if it expires.</p>
    </div>
  );
}

export function CreateConnectorForm({ appUrl }: { appUrl: string }) {
  const [state, action] = useActionState(createConnectorAction, null);
  return (
    <form action={action} className="flex flex-wrap items-end gap-2">
      <label className="flex flex-col text-sm text-slate-700" htmlFor="connector-name">
        Name
        <input
          id="connector-name"
          name="name"
          required
          maxLength={80}
          placeholder="e.g. Head office file server"
          className="mt-1 rounded-md border border-slate-300 px-2 py-1 text-sm"
        />
      </label>
      <SubmitButton pendingText="Creating…">Add a connector</SubmitButton>
      {state?.ok && state.data ? <PairingInstructions issued={state.data} appUrl={appUrl} /> : <Note state={state} />}
    </form>
  );
}

export function RenewPairingCodeForm({
  connectorId,
  appUrl,
  label,
}: {
  connectorId: string;
  appUrl: string;
  label: string;
}) {
  const [state, action] = useActionState(renewPairingCodeAction, null);
  return (
    <form action={action} className="flex flex-wrap items-center gap-2">
      <input type="hidden" name="connectorId" value={connectorId} />
      <SubmitButton variant="secondary" className="px-2 py-1 text-xs" pendingText="Issuing…">
        {label}
      </SubmitButton>
      {state?.ok && state.data ? <PairingInstructions issued={state.data} appUrl={appUrl} /> : <Note state={state} />}
    </form>
  );
}

export function RevokeConnectorForm({ connectorId, name }: { connectorId: string; name: string }) {
  return (
    <ConfirmedActionForm
      action={revokeConnectorAction}
      fields={{ connectorId }}
      confirm={`Revoke ${name}? Its token stops working at once and its mailboxes show as offline until it is paired again.`}
      label="Revoke"
      pendingText="Revoking…"
      variant="secondary"
      showSuccess
    />
  );
}

export function DeleteConnectorForm({ connectorId, name }: { connectorId: string; name: string }) {
  return (
    <ConfirmedActionForm
      action={deleteConnectorAction}
      fields={{ connectorId }}
      confirm={`Delete ${name}? Its token and the connections of the mailboxes it serves are removed. Bookings are kept, in Exchange and in Slotbridge, and re-attach when those mailboxes are connected again.`}
      label="Delete"
      pendingText="Deleting…"
    />
  );
}

export function AttachMailboxForm({
  connectorId,
  mailbox,
  members,
}: {
  connectorId: string;
  mailbox: string;
  members: Array<{ id: string; name: string; email: string }>;
}) {
  const [state, action] = useActionState(attachConnectorMailboxAction, null);
  const suggested = members.find((member) => member.email.toLowerCase() === mailbox)?.id ?? "";
  const selectId = `owner-${connectorId}-${mailbox}`;
  return (
    <form action={action} className="flex flex-wrap items-center gap-2">
      <input type="hidden" name="connectorId" value={connectorId} />
      <input type="hidden" name="mailboxEmail" value={mailbox} />
      <label className="sr-only" htmlFor={selectId}>
        Owner of {mailbox}
      </label>
      <select
        id={selectId}
        name="ownerUserId"
        defaultValue={suggested}
        className="rounded-md border border-slate-300 px-2 py-1 text-xs"
      >
        <option value="">Nobody (shared mailbox)</option>
        {members.map((member) => (
          <option key={member.id} value={member.id}>
            {member.name} ({member.email})
          </option>
        ))}
      </select>
      <SubmitButton variant="secondary" className="px-2 py-1 text-xs" pendingText="Testing…">
        Attach {mailbox}
      </SubmitButton>
      <Note state={state} />
    </form>
  );
}
