"use client";

import { useActionState, useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmedActionForm } from "@/components/ui/confirmed-action-form";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionState } from "@/lib/actions/result";
import {
  acceptCertificateAction,
  designateLookupAction,
  disconnectAction,
  retestConnectionAction,
  updatePasswordAction,
} from "./actions";

function Note({ state }: { state: ActionState<unknown> }) {
  if (!state) return null;
  const failed = !state.ok || state.message?.startsWith("Failed");
  return (
    <span role={failed ? "alert" : "status"} className={failed ? "text-xs text-red-700" : "text-xs text-emerald-700"}>
      {state.ok ? (state.message ?? "Done.") : state.message}
    </span>
  );
}

export function RetestForm({ connectionId }: { connectionId: string }) {
  const [state, action] = useActionState(retestConnectionAction, null);
  return (
    <form action={action} className="flex flex-wrap items-center gap-2">
      <input type="hidden" name="connectionId" value={connectionId} />
      <SubmitButton variant="secondary" className="px-2 py-1 text-xs" pendingText="Testing…">
        Re-test
      </SubmitButton>
      <Note state={state} />
    </form>
  );
}

export function AcceptCertificateForm({ connectionId }: { connectionId: string }) {
  const [state, action] = useActionState(acceptCertificateAction, null);
  return (
    <form action={action} className="flex flex-wrap items-center gap-2">
      <input type="hidden" name="connectionId" value={connectionId} />
      <SubmitButton variant="secondary" className="px-2 py-1 text-xs" pendingText="Checking…">
        Accept new certificate
      </SubmitButton>
      <Note state={state} />
    </form>
  );
}

/** Admins: make this the connection that members without their own look colleagues' availability up with. */
export function DesignateLookupForm({ connectionId, designated }: { connectionId: string; designated: boolean }) {
  const [state, action] = useActionState(designateLookupAction, null);
  return (
    <form action={action} className="flex flex-wrap items-center gap-2">
      <input type="hidden" name="connectionId" value={designated ? "" : connectionId} />
      <SubmitButton variant="secondary" className="px-2 py-1 text-xs" pendingText="Saving…">
        {designated ? "Stop using for availability lookups" : "Use for availability lookups"}
      </SubmitButton>
      <Note state={state} />
    </form>
  );
}

export function UpdatePasswordForm({ connectionId, mailbox }: { connectionId: string; mailbox: string }) {
  const [open, setOpen] = useState(false);
  const [state, action] = useActionState(updatePasswordAction, null);
  if (!open) {
    return (
      <span className="flex items-center gap-2">
        <Button variant="secondary" className="px-2 py-1 text-xs" onClick={() => setOpen(true)}>
          Update password
        </Button>
        <Note state={state} />
      </span>
    );
  }
  return (
    <form action={action} className="flex flex-wrap items-center gap-2">
      <input type="hidden" name="connectionId" value={connectionId} />
      <label className="sr-only" htmlFor={`password-${connectionId}`}>
        New password for {mailbox}
      </label>
      <input
        id={`password-${connectionId}`}
        name="password"
        type="password"
        autoComplete="new-password"
        placeholder="New password"
        className="rounded-md border border-slate-300 px-2 py-1 text-sm"
      />
      <SubmitButton className="px-2 py-1 text-xs" pendingText="Testing…">
        Test and save
      </SubmitButton>
      <Button variant="ghost" className="px-2 py-1 text-xs" onClick={() => setOpen(false)}>
        Cancel
      </Button>
      <Note state={state} />
    </form>
  );
}

export function DisconnectForm({ connectionId, mailbox }: { connectionId: string; mailbox: string }) {
  return (
    <ConfirmedActionForm
      action={disconnectAction}
      fields={{ connectionId }}
      confirm={`Disconnect ${mailbox}? Slotbridge erases its stored credentials and stops reading this calendar. Bookings already made are kept, in Exchange and in Slotbridge, and re-attach if you connect the mailbox again.`}
      label="Disconnect"
      pendingText="Disconnecting…"
    />
  );
}
