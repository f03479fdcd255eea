"use client";

import { useState } from "react";
import { formatAppointment, localDateOf, type Slot } from "@/components/booking/calendar-dates";
import { SlotPicker } from "@/components/booking/slot-picker";
import { useMonthSlots } from "@/components/booking/use-month-slots";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { rescheduleManagedBooking } from "./manage-api";

/**
 * Another time of the same page: the page's public slots, the same month grid and slot list as booking,
 * then one confirmation. The server re-checks the time live; a taken one brings that day's fresh slots.
 */
export function ReschedulePanel(props: {
  token: string;
  pageSlug: string;
  currentStart: string;
  initialTimeZone: string;
  onMoved: (moved: { start: string; end: string; timeZone: string }) => void;
  onBack: () => void;
}) {
  const slots = useMonthSlots({
    slug: props.pageSlug,
    initialTimeZone: props.initialTimeZone,
    initialDate: localDateOf({ instant: props.currentStart, timeZone: props.initialTimeZone }),
    exclude: props.currentStart,
  });
  const zone = slots.timeZone;
  const [picked, setPicked] = useState<Slot | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [sending, setSending] = useState(false);

  async function confirm() {
    if (!picked || sending) return;
    setSending(true);
    setNotice(null);
    const result = await rescheduleManagedBooking({ token: props.token, start: picked.start, timeZone: zone });
    setSending(false);
    if (result.ok) {
      props.onMoved({ start: result.value.start, end: result.value.end, timeZone: zone });
      return;
    }
    if (result.error === "slot_taken") {
      slots.replaceDay({ date: localDateOf({ instant: picked.start, timeZone: zone }), slots: result.slots });
      setPicked(null);
    }
    setNotice(result.message);
  }

  if (picked) {
    return (
      <section aria-labelledby="move-heading" className="space-y-3">
        <h2 id="move-heading" className="text-base font-semibold text-slate-900">
          Move your booking to
        </h2>
        <p className="text-slate-800">{formatAppointment({ slot: picked, timeZone: zone })}</p>
        {notice && <Alert tone="error">{notice}</Alert>}
        <div className="flex gap-2">
          <Button onClick={confirm} disabled={sending}>
            {sending ? "Moving…" : "Confirm the new time"}
          </Button>
          <Button variant="secondary" onClick={() => setPicked(null)} disabled={sending}>
            Choose another time
          </Button>
        </div>
      </section>
    );
  }

  return (
    <section aria-label="Choose a new time" className="space-y-4">
      {notice && <Alert tone="error">{notice}</Alert>}
      <SlotPicker
        slots={slots}
        describeFailure={(failure) => failure.message}
        onChangeZone={slots.changeZone}
        onPick={setPicked}
      />
      <Button variant="secondary" onClick={props.onBack}>
        Back
      </Button>
    </section>
  );
}
