"use client";

import { useState } from "react";
import { formatAppointment } from "@/components/booking/calendar-dates";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { CancelPanel } from "./cancel-panel";
import { ErasePanel } from "./erase-panel";
import { ReschedulePanel } from "./reschedule-panel";

type Mode = "view" | "cancel" | "reschedule" | "cancelled" | "erase" | "erased";

/** The customer's choices on their booking: reschedule (when the page still takes bookings) or cancel. */
export function ManageBooking(props: {
  token: string;
  pageSlug: string | null;
  start: string;
  /** The time as the server formatted it, in the customer's zone. */
  when: string;
  timeZone: string;
}) {
  const [mode, setMode] = useState<Mode>("view");
  const [when, setWhen] = useState(props.when);
  const [start, setStart] = useState(props.start);
  const [moved, setMoved] = useState(false);
  const [zoneShown, setZoneShown] = useState(props.timeZone);

  if (mode === "erased") {
    return (
      <Alert tone="success">
        <span data-testid="erased-notice">Your details are erased. This link no longer works.</span>
      </Alert>
    );
  }
  if (mode === "cancelled") {
    return (
      <Alert tone="success">
        <span data-testid="cancelled-notice">Your booking is cancelled. The host has been told.</span>
      </Alert>
    );
  }
  return (
    <div className="space-y-5">
      <p className="text-base text-slate-900" data-testid="booking-time">
        {when}
        <span className="block text-sm text-slate-600">Times shown in {zoneShown.replaceAll("_", " ")}</span>
      </p>
      {moved && (
        <Alert tone="success">
          <span data-testid="moved-notice">Your booking has moved. An updated invitation is on its way.</span>
        </Alert>
      )}
      {mode === "view" && (
        <div className="flex flex-wrap gap-2">
          {props.pageSlug && <Button onClick={() => setMode("reschedule")}>Reschedule</Button>}
          <Button variant="danger" onClick={() => setMode("cancel")}>
            Cancel booking
          </Button>
          <Button variant="ghost" onClick={() => setMode("erase")}>
            Erase my details
          </Button>
        </div>
      )}
      {mode === "erase" && (
        <ErasePanel token={props.token} onErased={() => setMode("erased")} onBack={() => setMode("view")} />
      )}
      {mode === "cancel" && (
        <CancelPanel token={props.token} onCancelled={() => setMode("cancelled")} onBack={() => setMode("view")} />
      )}
      {mode === "reschedule" && props.pageSlug && (
        <ReschedulePanel
          token={props.token}
          pageSlug={props.pageSlug}
          currentStart={start}
          initialTimeZone={props.timeZone}
          onBack={() => setMode("view")}
          onMoved={(next) => {
            setStart(next.start);
            setWhen(formatAppointment({ slot: next, timeZone: next.timeZone }));
            setZoneShown(next.timeZone);
            setMoved(true);
            setMode("view");
          }}
        />
      )}
    </div>
  );
}
