"use client";

import { useId, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { cancelManagedBooking } from "./manage-api";

/** Cancel with an optional reason, after one confirmation step. */
export function CancelPanel(props: { token: string; onCancelled: () => void; onBack: () => void }) {
  const reasonId = useId();
  const [reason, setReason] = useState("");
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function confirm() {
    if (sending) return;
    setSending(true);
    setError(null);
    const result = await cancelManagedBooking({ token: props.token, reason });
    setSending(false);
    if (result.ok) props.onCancelled();
    else setError(result.message);
  }

  return (
    <section aria-labelledby="cancel-heading" className="space-y-3">
      <h2 id="cancel-heading" className="text-base font-semibold text-slate-900">
        Cancel this booking?
      </h2>
      <label htmlFor={reasonId} className="block text-sm font-medium text-slate-800">
        Reason (optional, shared with the host)
      </label>
      <textarea
        id={reasonId}
        value={reason}
        maxLength={500}
        rows={3}
        onChange={(event) => setReason(event.target.value)}
        className="block w-full rounded-md border border-slate-300 px-3 py-2 text-sm"
      />
      {error && <Alert tone="error">{error}</Alert>}
      <div className="flex gap-2">
        <Button variant="danger" onClick={confirm} disabled={sending}>
          {sending ? "Cancelling…" : "Yes, cancel the booking"}
        </Button>
        <Button variant="secondary" onClick={props.onBack} disabled={sending}>
          Keep it
        </Button>
      </div>
    </section>
  );
}
