"use client";

import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { BookingConfirmation } from "./booking-confirmation";
import { BookingForm, type BookingFormValues, EMPTY_FORM } from "./booking-form";
import { type Proof, prepareProof } from "./booking-proof";
import {
  addMonths,
  browserTimeZone,
  firstDayOf,
  formatAppointment,
  isValidTimeZone,
  lastDayOf,
  localDateOf,
  monthOf,
  type Slot,
  slotsByDay,
} from "./calendar-dates";
import { MonthGrid } from "./month-grid";
import { type ApiFailure, type BookingConfirmation as Confirmation, fetchSlots, submitBooking } from "./public-api";
import { SlotList } from "./slot-list";
import { ZonePicker } from "./zone-picker";

const ZONE_KEY = "slotbridge.booking.timeZone";
/** How far ahead the month arrows go; the server still decides what is bookable. */
const MONTHS_AHEAD = 12;

type SlotsState =
  | { kind: "loading" }
  | { kind: "ready"; key: string; slots: Slot[] }
  | { kind: "failed"; failure: ApiFailure };

type ProofResult = { ok: true; value: Proof } | ApiFailure;

function storedZone(): string {
  try {
    const stored = window.localStorage.getItem(ZONE_KEY);
    if (stored && isValidTimeZone(stored)) return stored;
  } catch {
    // Storage can be switched off; the browser's own zone will do.
  }
  return browserTimeZone();
}

function rememberZone(zone: string) {
  try {
    window.localStorage.setItem(ZONE_KEY, zone);
  } catch {
    // Not remembered then; nothing else depends on it.
  }
}

function failureText(failure: ApiFailure): string {
  if (failure.error === "rate_limited") {
    return failure.retryAfterSeconds
      ? `Too many requests. Please try again in ${failure.retryAfterSeconds} seconds.`
      : "Too many requests. Please try again in a moment.";
  }
  if (failure.error === "calendar_unavailable" || failure.error === "network") {
    return "We can't show times right now, please try again shortly.";
  }
  return failure.message;
}

/**
 * The customer's side of a booking page: pick a day, a time, give details, get a confirmation. Runs only
 * in the browser, rendered by Preact (components/booking/island.tsx): slots are fetched after the first paint, in the zone the browser reports (or the one the
 * customer chose last time). The proof of work starts as soon as a time is picked, so it is usually done
 * by the time the form is sent.
 */
export function BookingFlow(props: {
  slug: string;
  questions: Array<{ id: string; label: string; required: boolean }>;
}) {
  const { slug } = props;
  const [zone, setZone] = useState<string | null>(null);
  const [month, setMonth] = useState<string | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const [slotsState, setSlotsState] = useState<SlotsState>({ kind: "loading" });
  const [reload, setReload] = useState(0);
  const [selectedDate, setSelectedDate] = useState<string | null>(null);
  const [selectedSlot, setSelectedSlot] = useState<Slot | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [values, setValues] = useState<BookingFormValues>(EMPTY_FORM);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [booking, setBooking] = useState<Confirmation | null>(null);
  const proof = useRef<{ promise: Promise<ProofResult>; abort: AbortController } | null>(null);
  const formHeading = useRef<HTMLHeadingElement>(null);
  const confirmationHeading = useRef<HTMLHeadingElement>(null);
  const slotsHeadingFocus = useRef(false);

  useEffect(() => {
    const here = storedZone();
    setZone(here);
    setMonth(monthOf(localDateOf({ instant: new Date(), timeZone: here })));
  }, []);

  const today = zone ? localDateOf({ instant: new Date(now), timeZone: zone }) : null;
  const fetchKey = zone && month ? `${zone}|${month}|${reload}` : null;

  useEffect(() => {
    if (!zone || !month || !today || !fetchKey) return;
    // Plain YYYY-MM-DD strings: they compare as text, which Math.max cannot do.
    // biome-ignore lint/complexity/useMathMinMax: strings, not numbers
    const start = firstDayOf(month) < today ? today : firstDayOf(month);
    const end = lastDayOf(month);
    if (end < start) {
      setSlotsState({ kind: "ready", key: fetchKey, slots: [] });
      return;
    }
    const abort = new AbortController();
    setSlotsState({ kind: "loading" });
    fetchSlots({ slug, start, end, timeZone: zone, signal: abort.signal }).then(
      (result) =>
        setSlotsState(
          result.ok ? { kind: "ready", key: fetchKey, slots: result.value.slots } : { kind: "failed", failure: result },
        ),
      () => {}, // aborted: a newer month or zone took over
    );
    return () => abort.abort();
  }, [slug, zone, month, today, fetchKey]);

  const days = useMemo(
    () =>
      slotsState.kind === "ready" && zone
        ? slotsByDay({ slots: slotsState.slots, timeZone: zone })
        : new Map<string, Slot[]>(),
    [slotsState, zone],
  );
  const bookable = useMemo(() => new Set(days.keys()), [days]);

  useEffect(() => {
    if (selectedSlot) formHeading.current?.focus();
  }, [selectedSlot]);
  useEffect(() => {
    if (booking) confirmationHeading.current?.focus();
  }, [booking]);
  useEffect(() => {
    if (slotsHeadingFocus.current && !selectedSlot) {
      slotsHeadingFocus.current = false;
      document.getElementById("slots-heading")?.focus();
    }
  });

  const startProof = useCallback(() => {
    proof.current?.abort.abort();
    const abort = new AbortController();
    const promise = prepareProof({ slug, signal: abort.signal }).catch(
      (): ProofResult => ({ ok: false, error: "network", message: "" }),
    );
    proof.current = { promise, abort };
  }, [slug]);

  useEffect(() => () => proof.current?.abort.abort(), []);

  function changeZone(next: string) {
    setZone(next);
    rememberZone(next);
    setNow(Date.now());
  }

  function pickSlot(slot: Slot) {
    setNotice(null);
    setFormError(null);
    setSelectedSlot(slot);
    if (!proof.current) startProof();
  }

  function backToSlots() {
    slotsHeadingFocus.current = true;
    setSelectedSlot(null);
  }

  async function submit() {
    if (!selectedSlot || !zone || submitting) return;
    setSubmitting(true);
    setFormError(null);
    try {
      let result = await send(selectedSlot, zone);
      // A challenge lives ten minutes: a customer who took longer gets one more, solved now.
      if (!result.ok && result.error === "challenge_expired") {
        startProof();
        result = await send(selectedSlot, zone);
      }
      if (result.ok) {
        proof.current = null;
        setBooking(result.value);
        return;
      }
      // Each challenge is good for one request: prepare the next one while the customer reads the error.
      startProof();
      handleFailure(result);
    } finally {
      setSubmitting(false);
    }
  }

  async function send(slot: Slot, timeZone: string) {
    if (!proof.current) startProof();
    const solved = await (proof.current as { promise: Promise<ProofResult> }).promise;
    proof.current = null;
    if (!solved.ok) return solved;
    const answers = Object.fromEntries(Object.entries(values.answers).filter(([, answer]) => answer.trim() !== ""));
    return submitBooking({
      slug,
      booking: {
        start: slot.start,
        name: values.name,
        email: values.email,
        timeZone,
        ...(values.notes.trim() ? { notes: values.notes } : {}),
        ...(Object.keys(answers).length ? { answers } : {}),
        ...solved.value,
        website: values.website,
      },
    });
  }

  function handleFailure(failure: ApiFailure) {
    if (failure.error === "slot_taken" && zone && selectedSlot) {
      // The fresh slots of that day replace the day's old ones; other days stay as they were.
      const day = localDateOf({ instant: selectedSlot.start, timeZone: zone });
      const others =
        slotsState.kind === "ready"
          ? slotsState.slots.filter((s) => localDateOf({ instant: s.start, timeZone: zone }) !== day)
          : [];
      setSlotsState({ kind: "ready", key: fetchKey ?? "", slots: [...others, ...failure.slots] });
      setSelectedDate(day);
      setNotice(failure.message);
      setFieldErrors({});
      backToSlots();
      return;
    }
    if (
      failure.error === "invalid_input" ||
      failure.error === "challenge_invalid" ||
      failure.error === "challenge_expired"
    ) {
      const known = new Set(["name", "email", "notes", ...props.questions.flatMap((q) => [q.id, `answers.${q.id}`])]);
      setFieldErrors(failure.fieldErrors);
      const elsewhere = Object.entries(failure.fieldErrors)
        .filter(([field]) => !known.has(field))
        .flatMap(([, messages]) => messages);
      setFormError(
        elsewhere.length || !Object.keys(failure.fieldErrors).length
          ? [failure.message, ...elsewhere].join(" ")
          : failure.message,
      );
      return;
    }
    setFormError(failureText(failure));
  }

  if (!zone || !month || !today) {
    // The same placeholder the server's HTML shows until this flow takes over (lib/public-page/document.ts).
    return (
      <p role="status" className="py-16 text-center text-sm text-slate-600">
        Loading available times…
      </p>
    );
  }

  if (booking) {
    return (
      <BookingConfirmation booking={booking} timeZone={zone} email={values.email} headingRef={confirmationHeading} />
    );
  }

  if (selectedSlot) {
    return (
      <div className="mx-auto max-w-md">
        <BookingForm
          appointment={formatAppointment({ slot: selectedSlot, timeZone: zone })}
          questions={props.questions}
          values={values}
          fieldErrors={fieldErrors}
          formError={formError}
          submitting={submitting}
          onChange={setValues}
          onSubmit={submit}
          onBack={backToSlots}
          headingRef={formHeading}
        />
      </div>
    );
  }

  const thisMonth = monthOf(today);
  const daySlots = selectedDate && monthOf(selectedDate) === month ? (days.get(selectedDate) ?? []) : null;
  return (
    <div className="grid gap-6 sm:grid-cols-[minmax(0,1fr)_12rem]">
      <div className="space-y-4">
        {notice && <Alert tone="error">{notice}</Alert>}
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
        {slotsState.kind === "failed" && (
          <div className="space-y-2">
            <Alert tone="error">{failureText(slotsState.failure)}</Alert>
            <Button variant="secondary" onClick={() => setReload((n) => n + 1)}>
              Try again
            </Button>
          </div>
        )}
        <ZonePicker timeZone={zone} onChange={changeZone} />
      </div>
      <div>
        {selectedDate && daySlots ? (
          <SlotList date={selectedDate} slots={daySlots} timeZone={zone} onPick={pickSlot} />
        ) : (
          <p className="text-sm text-slate-600">Pick a highlighted day to see its times.</p>
        )}
      </div>
    </div>
  );
}
