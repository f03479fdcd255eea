"use client";

import { type KeyboardEvent, useEffect, useMemo, useRef, useState } from "react";
import { cn } from "@/components/ui/cn";
import {
  addDays,
  addMonths,
  firstDayOf,
  formatLongDate,
  formatMonth,
  lastDayOf,
  monthOf,
  monthWeeks,
  weekdayNames,
} from "./calendar-dates";

interface Props {
  month: string;
  today: string;
  /** Dates with at least one slot; empty while loading. */
  bookable: Set<string>;
  loading: boolean;
  selectedDate: string | null;
  canGoBack: boolean;
  canGoForward: boolean;
  onSelectDate: (date: string) => void;
  onChangeMonth: (month: string) => void;
}

const KEY_STEPS: Record<string, number> = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -7, ArrowDown: 7 };

function clampToMonth(input: { date: string; month: string }): string {
  if (input.date < firstDayOf(input.month)) return firstDayOf(input.month);
  if (input.date > lastDayOf(input.month)) return lastDayOf(input.month);
  return input.date;
}

/**
 * The month as a table of day buttons. One day at a time is in the tab order (roving tabindex); the arrow
 * keys move between days and across months, Home/End to the week's ends, PageUp/PageDown by month. Days
 * without slots stay focusable (aria-disabled) so arrowing through a month never skips over dates.
 */
export function MonthGrid(props: Props) {
  const { month, today, bookable, selectedDate } = props;
  const weeks = useMemo(() => monthWeeks(month), [month]);
  const weekdays = useMemo(() => weekdayNames(), []);
  const tableRef = useRef<HTMLTableElement>(null);
  const moveFocus = useRef(false);

  const firstBookable = [...bookable].sort().find((date) => monthOf(date) === month);
  const fallback = clampToMonth({ date: today, month });
  const [focused, setFocused] = useState<string>(selectedDate ?? fallback);
  // The roving day follows the month shown: the selected day, else the first bookable one, else today.
  const active =
    monthOf(focused) === month
      ? focused
      : selectedDate && monthOf(selectedDate) === month
        ? selectedDate
        : (firstBookable ?? fallback);

  useEffect(() => {
    if (!moveFocus.current) return;
    moveFocus.current = false;
    tableRef.current?.querySelector<HTMLButtonElement>(`[data-date="${active}"]`)?.focus();
  }, [active]);

  function focusDate(date: string) {
    moveFocus.current = true;
    setFocused(date);
    if (monthOf(date) !== month) props.onChangeMonth(monthOf(date));
  }

  function onKeyDown(event: KeyboardEvent<HTMLButtonElement>, date: string) {
    const weekday = (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
    let target: string | null = null;
    if (event.key in KEY_STEPS) target = addDays({ date, days: KEY_STEPS[event.key] ?? 0 });
    else if (event.key === "Home") target = addDays({ date, days: -weekday });
    else if (event.key === "End") target = addDays({ date, days: 6 - weekday });
    else if (event.key === "PageUp" || event.key === "PageDown") {
      const other = addMonths({ month, months: event.key === "PageUp" ? -1 : 1 });
      target = clampToMonth({ date: `${other}${date.slice(7)}`, month: other });
    }
    if (!target) return;
    event.preventDefault();
    const leaving = monthOf(target) !== month;
    if (leaving && ((target < date && !props.canGoBack) || (target > date && !props.canGoForward))) return;
    focusDate(target);
  }

  return (
    <div>
      <div className="mb-3 flex items-center justify-between gap-2">
        <h2 id="month-heading" className="text-base font-semibold text-slate-900" aria-live="polite">
          {formatMonth({ month })}
        </h2>
        <div className="flex gap-1">
          <MonthButton
            label="Previous month"
            disabled={!props.canGoBack}
            onClick={() => props.onChangeMonth(addMonths({ month, months: -1 }))}
          >
            ‹
          </MonthButton>
          <MonthButton
            label="Next month"
            disabled={!props.canGoForward}
            onClick={() => props.onChangeMonth(addMonths({ month, months: 1 }))}
          >
            ›
          </MonthButton>
        </div>
      </div>
      <table ref={tableRef} className="w-full table-fixed border-collapse" aria-labelledby="month-heading">
        <thead>
          <tr>
            {weekdays.map((day) => (
              <th key={day.long} scope="col" abbr={day.long} className="pb-2 text-xs font-medium text-slate-500">
                {day.short}
              </th>
            ))}
          </tr>
        </thead>
        <tbody aria-busy={props.loading}>
          {weeks.map((week) => (
            <tr key={week.find(Boolean)}>
              {week.map((date, index) =>
                date ? (
                  <td key={date} className="p-0.5 text-center">
                    <DayButton
                      date={date}
                      today={date === today}
                      bookable={bookable.has(date)}
                      selected={date === selectedDate}
                      tabbable={date === active}
                      onKeyDown={(event) => onKeyDown(event, date)}
                      onFocus={() => setFocused(date)}
                      onSelect={() => props.onSelectDate(date)}
                    />
                  </td>
                ) : (
                  // biome-ignore lint/suspicious/noArrayIndexKey: padding cells have nothing else to tell them apart
                  <td key={`pad-${index}`} />
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function MonthButton(props: { label: string; disabled: boolean; onClick: () => void; children: string }) {
  return (
    <button
      type="button"
      aria-label={props.label}
      disabled={props.disabled}
      onClick={props.onClick}
      className="inline-flex h-11 w-11 items-center justify-center rounded-md border border-slate-300 bg-white text-lg text-slate-700 hover:bg-slate-50 disabled:cursor-not-allowed disabled:text-slate-300"
    >
      <span aria-hidden="true">{props.children}</span>
    </button>
  );
}

function DayButton(props: {
  date: string;
  today: boolean;
  bookable: boolean;
  selected: boolean;
  tabbable: boolean;
  onKeyDown: (event: KeyboardEvent<HTMLButtonElement>) => void;
  onFocus: () => void;
  onSelect: () => void;
}) {
  const label = `${formatLongDate({ date: props.date })}${props.today ? ", today" : ""}${props.bookable ? ", times available" : ", no times available"}`;
  return (
    <button
      type="button"
      data-date={props.date}
      data-bookable={props.bookable}
      aria-label={label}
      aria-pressed={props.selected}
      aria-disabled={!props.bookable}
      tabIndex={props.tabbable ? 0 : -1}
      onKeyDown={props.onKeyDown}
      onFocus={props.onFocus}
      onClick={() => props.bookable && props.onSelect()}
      className={cn(
        "mx-auto flex h-11 w-full max-w-11 items-center justify-center rounded-full text-sm tabular-nums",
        props.selected
          ? "bg-brand-600 font-semibold text-white"
          : props.bookable
            ? "bg-brand-50 font-semibold text-brand-700 hover:bg-brand-100"
            : "cursor-default text-slate-500",
        props.today && !props.selected && "underline underline-offset-4",
      )}
    >
      {Number(props.date.slice(8))}
    </button>
  );
}
