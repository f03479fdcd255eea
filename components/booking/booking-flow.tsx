"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { BookingConfirmation } from "./booking-confirmation";
import { BookingForm, type BookingFormValues, EMPTY_FORM } from "./booking-form";
import { type Proof, prepareProof } from "./booking-proof";
import { browserTimeZone, formatAppointment, isValidTimeZone, localDateOf, type Slot } from "./calendar-dates";
import { type ApiFailure, type BookingConfirmation as Confirmation, submitBooking } from "./public-api";
import { SlotPicker } from "./slot-picker";
import { useMonthSlots } from "./use-month-slots";

const ZONE_KEY = "slotbridge.booking.timeZone";

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

interface BookingFlowProps {
  slug: string;
  questions: Array<{ id: string; label: string; required: boolean }>;
}

/**
 * The customer's side of a booking page: pick a day, a time, give details, get a confirmation. Runs only
 * in the browser, rendered by Preact (components/booking/island.tsx): slots are fetched after the first paint, in the zone the browser reports (or the one the
 * customer chose last time). The proof of work starts as soon as a time is picked, so it is usually done
 * by the time the form is sent.
 */
export function BookingFlow(props: BookingFlowProps) {
  const [opening, setOpening] = useState<{ timeZone: string; date: string } | null>(null);

  useEffect(() => {
    const timeZone = storedZone();
    setOpening({ timeZone, date: localDateOf({ instant: new Date(), timeZone }) });
  }, []);

  if (!opening) {
    // The same placeholder the server's HTML shows until this flow takes over (lib/public-page/document.ts).
    return (
      <p role="status" className="py-16 text-center text-sm text-slate-600">
        Loading available times…
      </p>
    );
  }
  return <BookingSteps {...props} initialTimeZone={opening.timeZone} initialDate={opening.date} />;
}

/** The flow once the customer's zone is known: a month of slots, the form, the confirmation. */
function BookingSteps(props: BookingFlowProps & { initialTimeZone: string; initialDate: string }) {
  const { slug } = props;
  const slots = useMonthSlots({ slug, initialTimeZone: props.initialTimeZone, initialDate: props.initialDate });
  const zone = slots.timeZone;
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
    slots.changeZone(next);
    rememberZone(next);
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
    if (!selectedSlot || submitting) return;
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
    if (failure.error === "slot_taken" && selectedSlot) {
      slots.replaceDay({ date: localDateOf({ instant: selectedSlot.start, timeZone: zone }), slots: failure.slots });
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

  return (
    <SlotPicker
      slots={slots}
      notice={notice}
      describeFailure={failureText}
      onRetry={slots.retry}
      onChangeZone={changeZone}
      onPick={pickSlot}
    />
  );
}
