"use client";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { addMonths, monthOf, type Slot } from "./calendar-dates";
import { MonthGrid } from "./month-grid";
import type { ApiFailure } from "./public-api";
import { SlotList } from "./slot-list";
import type { MonthSlots } from "./use-month-slots";
import { ZonePicker } from "./zone-picker";

/** How far ahead the month arrows go; the server still decides what is bookable. */
const MONTHS_AHEAD = 12;

/**
 * The month grid, what it is doing (loading, nothing this month, a failure), the zone picker and the chosen
 * day's times: picking a time, on the booking page and when moving a booking.
 */
export function SlotPicker(props: {
  slots: MonthSlots;
  /** Shown above the month. */
  notice?: string | null;
  describeFailure: (failure: ApiFailure) => string;
  /** Offers "Try again" under a failure when given. */
  onRetry?: () => void;
  onChangeZone: (zone: string) => void;
  onPick: (slot: Slot) => void;
}) {
  const { month, today, state, bookable, selectedDate, timeZone } = props.slots;
  const thisMonth = monthOf(today);
  const daySlots = selectedDate && monthOf(selectedDate) === month ? (props.slots.days.get(selectedDate) ?? []) : null;
  return (
    <div className="grid gap-6 sm:grid-cols-[minmax(0,1fr)_12rem]">
      <div className="space-y-4">
        {props.notice && <Alert tone="error">{props.notice}</Alert>}
        <MonthGrid
          month={month}
          today={today}
          bookable={bookable}
          loading={state.kind === "loading"}
          selectedDate={selectedDate}
          canGoBack={month > thisMonth}
          canGoForward={month < addMonths({ month: thisMonth, months: MONTHS_AHEAD })}
          onSelectDate={props.slots.selectDate}
          onChangeMonth={props.slots.changeMonth}
        />
        <div role="status" className="min-h-5 text-sm text-slate-600">
          {state.kind === "loading"
            ? "Loading available times…"
            : state.kind === "ready" && bookable.size === 0
              ? "No times available this month."
              : ""}
        </div>
        {state.kind === "failed" &&
          (props.onRetry ? (
            <div className="space-y-2">
              <Alert tone="error">{props.describeFailure(state.failure)}</Alert>
              <Button variant="secondary" onClick={props.onRetry}>
                Try again
              </Button>
            </div>
          ) : (
            <Alert tone="error">{props.describeFailure(state.failure)}</Alert>
          ))}
        <ZonePicker timeZone={timeZone} onChange={props.onChangeZone} />
      </div>
      <div>
        {selectedDate && daySlots ? (
          <SlotList date={selectedDate} slots={daySlots} timeZone={timeZone} onPick={props.onPick} />
        ) : (
          <p className="text-sm text-slate-600">Pick a highlighted day to see its times.</p>
        )}
      </div>
    </div>
  );
}
