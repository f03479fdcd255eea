"use client";

import { type FormEvent, type TextareaHTMLAttributes, useId } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";

export interface BookingFormValues {
  name: string;
  email: string;
  notes: string;
  answers: Record<string, string>;
  /** The honeypot: hidden from people, so only bots ever fill it in. */
  website: string;
}

export const EMPTY_FORM: BookingFormValues = { name: "", email: "", notes: "", answers: {}, website: "" };

interface Props {
  appointment: string;
  questions: Array<{ id: string; label: string; required: boolean }>;
  values: BookingFormValues;
  fieldErrors: Record<string, string[]>;
  formError: string | null;
  submitting: boolean;
  onChange: (values: BookingFormValues) => void;
  onSubmit: () => void;
  onBack: () => void;
  headingRef: React.RefObject<HTMLHeadingElement | null>;
}

/** Name, email, notes and the page's own questions; what was typed survives every error. */
export function BookingForm(props: Props) {
  const { values, fieldErrors } = props;
  const set = (patch: Partial<BookingFormValues>) => props.onChange({ ...values, ...patch });
  const answerErrors = (id: string) => fieldErrors[`answers.${id}`] ?? fieldErrors[id];

  function submit(event: FormEvent) {
    event.preventDefault();
    props.onSubmit();
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-4" aria-labelledby="form-heading">
      <div>
        <h2 id="form-heading" ref={props.headingRef} tabIndex={-1} className="text-base font-semibold text-slate-900">
          Your details
        </h2>
        <p className="mt-1 text-sm text-slate-700" data-testid="chosen-time">
          {props.appointment}
        </p>
        <button
          type="button"
          onClick={props.onBack}
          className="mt-1 text-sm font-medium text-brand-700 underline-offset-2 hover:underline"
        >
          Choose another time
        </button>
      </div>
      {props.formError && <Alert tone="error">{props.formError}</Alert>}
      <TextField
        name="name"
        label="Your name"
        autoComplete="name"
        required
        value={values.name}
        errors={fieldErrors.name}
        onChange={(event) => set({ name: event.target.value })}
      />
      <TextField
        name="email"
        label="Email"
        type="email"
        autoComplete="email"
        inputMode="email"
        required
        value={values.email}
        errors={fieldErrors.email}
        onChange={(event) => set({ email: event.target.value })}
      />
      {props.questions.map((question) => (
        <TextArea
          key={question.id}
          name={`answer-${question.id}`}
          label={question.required ? question.label : `${question.label} (optional)`}
          required={question.required}
          rows={2}
          value={values.answers[question.id] ?? ""}
          errors={answerErrors(question.id)}
          onChange={(event) => set({ answers: { ...values.answers, [question.id]: event.target.value } })}
        />
      ))}
      <TextArea
        name="notes"
        label="Notes (optional)"
        rows={3}
        value={values.notes}
        errors={fieldErrors.notes}
        onChange={(event) => set({ notes: event.target.value })}
      />
      <Honeypot value={values.website} onChange={(website) => set({ website })} />
      <Button type="submit" className="w-full py-2.5" disabled={props.submitting} aria-disabled={props.submitting}>
        {props.submitting ? "Booking…" : "Confirm booking"}
      </Button>
    </form>
  );
}

function TextArea({
  name,
  label,
  errors,
  ...props
}: { name: string; label: string; errors?: string[] } & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const id = `field-${name}${useId().replaceAll(":", "")}`;
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <textarea
        id={id}
        name={name}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={errors?.length ? `${id}-error` : undefined}
        className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-xs focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-100 aria-[invalid=true]:border-red-400"
        {...props}
      />
      {errors?.length ? (
        <p id={`${id}-error`} className="text-xs text-red-700">
          {errors.join(" ")}
        </p>
      ) : null}
    </div>
  );
}

/**
 * A field people never see or reach (off-screen, hidden from assistive technology, out of the tab order,
 * no autofill), that form-filling bots find and fill. The server refuses any booking that fills it in.
 */
function Honeypot(props: { value: string; onChange: (value: string) => void }) {
  return (
    <div aria-hidden="true" className="absolute -left-[10000px] top-auto h-px w-px overflow-hidden">
      <label htmlFor="booking-website">Website</label>
      <input
        id="booking-website"
        name="website"
        type="text"
        tabIndex={-1}
        autoComplete="off"
        value={props.value}
        onChange={(event) => props.onChange(event.target.value)}
      />
    </div>
  );
}
