"use client";

import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { eraseManagedDetails } from "./manage-api";

/**
 * The customer erases their details with this organisation, after one confirmation step. The manage link
 * is the proof that the address is theirs; it stops working once the details are gone.
 */
export function ErasePanel(props: { token: string; onErased: () => void; onBack: () => void }) {
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function confirm() {
    if (sending) return;
    setSending(true);
    setError(null);
    const result = await eraseManagedDetails({ token: props.token });
    setSending(false);
    if (result.ok) props.onErased();
    else setError(result.message);
  }

  return (
    <section aria-labelledby="erase-heading" className="space-y-3">
      <h2 id="erase-heading" className="text-base font-semibold text-slate-900">
        Erase your details?
      </h2>
      <p className="text-sm text-slate-700">
        Your name, email address, time zone, notes and answers are erased from this booking and from your other bookings
        with this organisation. Bookings still to come are cancelled, as nobody could reach you about them. This link
        stops working. This cannot be undone.
      </p>
      {error && <Alert tone="error">{error}</Alert>}
      <div className="flex gap-2">
        <Button variant="danger" onClick={confirm} disabled={sending}>
          {sending ? "Erasing…" : "Yes, erase my details"}
        </Button>
        <Button variant="secondary" onClick={props.onBack} disabled={sending}>
          Keep them
        </Button>
      </div>
    </section>
  );
}
