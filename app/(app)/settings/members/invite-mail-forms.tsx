"use client";

import { useActionState, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionResult } from "@/lib/actions/result";
import type { MailedInvite } from "@/lib/organisations/invite-mail";
import { resendInviteAction, sendPasswordResetAction } from "./mail-actions";

const MAIL_NOTE: Record<MailedInvite["mail"], (email: string) => string> = {
  sent: (email) =>
    `Invite mailed to ${email}. The single-use link is also shown here, only now, should you want to pass it on yourself; it expires in 7 days.`,
  "mail-off": (email) =>
    `Mail is not set up on this instance, so the invite was not mailed. Send ${email} this single-use link yourself; it expires in 7 days and is shown only now.`,
  failed: (email) =>
    `The mail server did not take the invite, so it was not mailed. Send ${email} this single-use link yourself, or resend it later; it expires in 7 days and is shown only now.`,
};

/** What became of an invite's mail, and its link, shown once (after creating or resending an invite). */
export function InviteLinkNotice({ invite }: { invite: MailedInvite }) {
  const [copied, setCopied] = useState(false);
  return (
    <Alert tone={invite.mail === "sent" ? "success" : "info"}>
      <p className="mb-2" data-testid="invite-mail-outcome">
        {MAIL_NOTE[invite.mail](invite.email)}
      </p>
      <div className="flex gap-2">
        <input
          readOnly
          aria-label="Invite link"
          value={invite.inviteUrl}
          className="min-w-0 flex-1 rounded border border-emerald-300 bg-white px-2 py-1 font-mono text-xs text-slate-800"
          onFocus={(event) => event.currentTarget.select()}
        />
        <Button
          variant="secondary"
          className="px-2 py-1 text-xs"
          onClick={async () => {
            await navigator.clipboard.writeText(invite.inviteUrl);
            setCopied(true);
          }}
        >
          {copied ? "Copied" : "Copy"}
        </Button>
      </div>
    </Alert>
  );
}

function Failure({ state }: { state: ActionResult<unknown> | null }) {
  if (!state || state.ok) return null;
  return (
    <span role="alert" className="text-xs text-red-700">
      {state.message}
    </span>
  );
}

/** Resend: a new link (the old one stops working), mailed again. */
export function ResendInviteForm({ inviteId, email }: { inviteId: string; email: string }) {
  const [state, action] = useActionState(resendInviteAction, null);
  return (
    <div className="w-full space-y-2 sm:w-auto">
      <form
        action={action}
        onSubmit={(event) => {
          if (!window.confirm(`Send ${email} a new invite link? The link sent before stops working.`))
            event.preventDefault();
        }}
        className="flex items-center gap-2"
      >
        <input type="hidden" name="inviteId" value={inviteId} />
        <SubmitButton variant="secondary" className="px-2 py-1 text-xs" pendingText="Resending…">
          Resend
        </SubmitButton>
        <Failure state={state} />
      </form>
      {state?.ok && <InviteLinkNotice invite={state.data} />}
    </div>
  );
}

/** An owner or admin mails a member a link to set a new password. */
export function SendPasswordResetForm({ memberId, name }: { memberId: string; name: string }) {
  const [state, action] = useActionState(sendPasswordResetAction, null);
  return (
    <form
      action={action}
      onSubmit={(event) => {
        if (!window.confirm(`Mail ${name} a link to set a new password? Their password stays until they use it.`))
          event.preventDefault();
      }}
      className="flex items-center gap-2"
    >
      <input type="hidden" name="memberId" value={memberId} />
      <SubmitButton variant="ghost" className="px-2 py-1 text-xs" pendingText="Sending…">
        Send password reset
      </SubmitButton>
      {state?.ok && (
        <span role="status" className="text-xs text-emerald-700">
          {state.message}
        </span>
      )}
      <Failure state={state} />
    </form>
  );
}
