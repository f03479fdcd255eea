"use client";

import { useEffect, useMemo, useState } from "react";
import {
  addMonths,
  firstDayOf,
  formatAppointment,
  lastDayOf,
  localDateOf,
  monthOf,
  type Slot,
  slotsByDay,
} from "@/components/booking/calendar-dates";
import { MonthGrid } from "@/components/booking/month-grid";
import { fetchSlots } from "@/components/booking/public-api";
import { SlotList } from "@/components/booking/slot-list";
import { ZonePicker } from "@/components/booking/zone-picker";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { rescheduleManagedBooking } from "./manage-api";

type SlotsState = { kind: "loading" } | { kind: "ready"; slots: Slot[] } | { kind: "failed"; message: string };

const MONTHS_AHEAD = 12;

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
  const [zone, setZone] = useState(props.initialTimeZone);
  const [now] = useState(() => Date.now());
  const today = localDateOf({ instant: new Date(now), timeZone: zone });
  const [month, setMonth] = useState(() => monthOf(localDateOf({ instant: props.currentStart, timeZone: zone })));
  const [slotsState, setSlotsState] = useState<SlotsState>({ kind: "loading" });
  const [selectedDate, setSelectedDate] = useState<string | null>(null);
  const [picked, setPicked] = useState<Slot | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [sending, setSending] = useState(false);

  useEffect(() => {
    // biome-ignore lint/complexity/useMathMinMax: YYYY-MM-DD strings, not numbers
    const start = firstDayOf(month) < today ? today : firstDayOf(month);
    const end = lastDayOf(month);
    if (end < start) {
      setSlotsState({ kind: "ready", slots: [] });
      return;
    }
    const abort = new AbortController();
    setSlotsState({ kind: "loading" });
    fetchSlots({ slug: props.pageSlug, start, end, timeZone: zone, signal: abort.signal }).then(
      (result) =>
        setSlotsState(
          result.ok ? { kind: "ready", slots: result.value.slots } : { kind: "failed", message: result.message },
        ),
      () => {}, // aborted: a newer month or zone took over
    );
    return () => abort.abort();
  }, [props.pageSlug, zone, month, today]);

  const days = useMemo(
    () =>
      slotsState.kind === "ready"
        ? slotsByDay({ slots: slotsState.slots.filter((s) => s.start !== props.currentStart), timeZone: zone })
        : new Map<string, Slot[]>(),
    [slotsState, zone, props.currentStart],
  );
  const bookable = useMemo(() => new Set(days.keys()), [days]);

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
      const day = localDateOf({ instant: picked.start, timeZone: zone });
      const others =
        slotsState.kind === "ready"
          ? slotsState.slots.filter((s) => localDateOf({ instant: s.start, timeZone: zone }) !== day)
          : [];
      setSlotsState({ kind: "ready", slots: [...others, ...result.slots] });
      setSelectedDate(day);
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

  const thisMonth = monthOf(today);
  const daySlots = selectedDate && monthOf(selectedDate) === month ? (days.get(selectedDate) ?? []) : null;
  return (
    <section aria-label="Choose a new time" className="space-y-4">
      {notice && <Alert tone="error">{notice}</Alert>}
      <div className="grid gap-6 sm:grid-cols-[minmax(0,1fr)_12rem]">
        <div className="space-y-4">
          <MonthGrid
            month={month}
            today={today}
            bookable={bookable}
            loading={slotsState.kind === "loading"}
            selectedDate={selectedDate}
            canGoBack={month > thisMonth}
            canGoForward={month < addMonths({ month: thisMonth, months: MONTHS_AHEAD })}
            onSelectDate={setSelectedDate}
            onChangeMonth={setMonth}
          />
          <div role="status" className="min-h-5 text-sm text-slate-600">
            {slotsState.kind === "loading"
              ? "Loading available times…"
              : slotsState.kind === "ready" && bookable.size === 0
                ? "No times available this month."
                : ""}
          </div>
          {slotsState.kind === "failed" && <Alert tone="error">{slotsState.message}</Alert>}
          <ZonePicker timeZone={zone} onChange={setZone} />
        </div>
        <div>
          {selectedDate && daySlots ? (
            <SlotList date={selectedDate} slots={daySlots} timeZone={zone} onPick={setPicked} />
          ) : (
            <p className="text-sm text-slate-600">Pick a highlighted day to see its times.</p>
          )}
        </div>
      </div>
      <Button variant="secondary" onClick={props.onBack}>
        Back
      </Button>
    </section>
  );
}
