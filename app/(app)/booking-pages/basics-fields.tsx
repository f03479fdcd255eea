"use client";

import { useId, useState } from "react";
import { ActionNumberFields, type NumberFieldSpec } from "@/components/auth/action-number-fields";
import { ActionTextField } from "@/components/auth/action-text-field";
import { fieldErrors, submittedValue } from "@/components/auth/form-message";
import type { ActionState } from "@/lib/actions/result";

export interface BasicsDefaults {
  title: string;
  slug: string;
  description: string;
  durationMinutes: number;
  slotIntervalMinutes: number | null;
  location: string | null;
  questions: Array<{ label: string; required: boolean }>;
}

export const EMPTY_BASICS: BasicsDefaults = {
  title: "",
  slug: "",
  description: "",
  durationMinutes: 30,
  slotIntervalMinutes: null,
  location: null,
  questions: [],
};

const LENGTH_FIELDS = [
  { name: "durationMinutes", label: "Duration (minutes)", min: 5, max: 720 },
  {
    name: "slotIntervalMinutes",
    label: "Slot interval (minutes)",
    hint: "How far apart slot starts are; empty = the duration.",
    min: 5,
    max: 720,
  },
] as const satisfies readonly NumberFieldSpec[];

const TEXTAREA =
  "block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-xs focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-100 aria-[invalid=true]:border-red-400";

function ErrorList({ id, errors }: { id: string; errors?: string[] }) {
  return errors?.map((error) => (
    <p key={error} id={id} className="text-xs text-red-700">
      {error}
    </p>
  ));
}

/** Title, address, description, length, interval, location and questions: shared by "new" and "edit". */
export function BasicsFields({ state, defaults }: { state: ActionState<unknown>; defaults: BasicsDefaults }) {
  const id = useId().replaceAll(":", "");
  const typed = (name: string) => submittedValue(state, name);
  const [locationKind, setLocationKind] = useState(
    typed("locationKind") ?? (defaults.location === null ? "link_to_follow" : "text"),
  );
  const questionText = defaults.questions.map((q) => `${q.label}${q.required ? " *" : ""}`).join("\n");
  const descriptionErrors = fieldErrors(state, "description");
  const questionErrors = fieldErrors(state, "questions");
  return (
    <div className="space-y-4">
      <div className="grid gap-4 sm:grid-cols-2">
        <ActionTextField state={state} name="title" label="Title" defaultValue={defaults.title} required />
        <ActionTextField
          state={state}
          name="slug"
          label="Public address"
          hint="Customers book at /book/<address>: lower-case letters, digits and hyphens."
          defaultValue={defaults.slug}
          required
        />
      </div>
      <div className="space-y-1.5">
        <label htmlFor={`${id}-description`} className="block text-sm font-medium text-slate-800">
          Description
        </label>
        <textarea
          id={`${id}-description`}
          name="description"
          rows={3}
          defaultValue={typed("description") ?? defaults.description}
          aria-invalid={descriptionErrors ? true : undefined}
          aria-describedby={descriptionErrors ? `${id}-description-error` : undefined}
          className={TEXTAREA}
        />
        <ErrorList id={`${id}-description-error`} errors={descriptionErrors} />
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <ActionNumberFields state={state} fields={LENGTH_FIELDS} values={defaults} />
      </div>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-800">Location</legend>
        <div className="flex flex-wrap gap-4 text-sm text-slate-700">
          {(
            [
              ["text", "A place or address"],
              ["link_to_follow", "Meeting link to follow"],
            ] as const
          ).map(([value, label]) => (
            <label key={value} className="flex items-center gap-1.5">
              <input
                type="radio"
                name="locationKind"
                value={value}
                checked={locationKind === value}
                onChange={() => setLocationKind(value)}
              />
              {label}
            </label>
          ))}
        </div>
        {locationKind === "text" && (
          <ActionTextField state={state} name="location" label="Where" defaultValue={defaults.location ?? ""} />
        )}
      </fieldset>
      <div className="space-y-1.5">
        <label htmlFor={`${id}-questions`} className="block text-sm font-medium text-slate-800">
          Questions for the customer
        </label>
        <textarea
          id={`${id}-questions`}
          name="questions"
          rows={3}
          defaultValue={typed("questions") ?? questionText}
          aria-invalid={questionErrors ? true : undefined}
          aria-describedby={`${id}-questions-hint`}
          className={TEXTAREA}
        />
        <p id={`${id}-questions-hint`} className="text-xs text-slate-500">
          Besides name, email and notes. One per line; end a line with * to make it required.
        </p>
        <ErrorList id={`${id}-questions-error`} errors={questionErrors} />
      </div>
    </div>
  );
}
