"use client";

import { formatLongDate, formatTime, type Slot } from "./calendar-dates";

/** The chosen day's slots as buttons, in the customer's zone. */
export function SlotList(props: { date: string; slots: Slot[]; timeZone: string; onPick: (slot: Slot) => void }) {
  const day = formatLongDate({ date: props.date });
  return (
    <section aria-labelledby="slots-heading">
      <h2 id="slots-heading" tabIndex={-1} className="mb-3 text-base font-semibold text-slate-900">
        {day}
      </h2>
      {props.slots.length === 0 ? (
        <p className="text-sm text-slate-600">No times left on this day. Please pick another day.</p>
      ) : (
        <ul className="grid grid-cols-2 gap-2 sm:grid-cols-1" aria-label={`Available times on ${day}`}>
          {props.slots.map((slot) => (
            <li key={slot.start}>
              <button
                type="button"
                data-testid="slot"
                data-start={slot.start}
                onClick={() => props.onPick(slot)}
                className="w-full rounded-md border border-brand-500 bg-white px-3 py-2.5 text-sm font-semibold text-brand-700 tabular-nums hover:bg-brand-50"
              >
                {formatTime({ instant: slot.start, timeZone: props.timeZone })}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
