"use client";

import { Button } from "@/components/ui/button";

export const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

/** One window being edited, as the time inputs show it (HH:MM); `key` keeps React rows stable. */
export interface TimeWindow {
  key: number;
  start: string;
  end: string;
}

let lastKey = 0;
export const newWindow = (start = "09:00", end = "17:00"): TimeWindow => ({ key: ++lastKey, start, end });

/** A host's week, one row per weekday with any number of windows; index 0 is Monday. */
export function WeeklyHoursTable({
  hostName,
  days,
  onChange,
}: {
  hostName: string;
  days: TimeWindow[][];
  onChange: (days: TimeWindow[][]) => void;
}) {
  const changeDay = (dayIndex: number, change: (windows: TimeWindow[]) => TimeWindow[]) =>
    onChange(days.map((windows, index) => (index === dayIndex ? change(windows) : windows)));
  return (
    <table className="w-full text-sm">
      <caption className="sr-only">Weekly hours of {hostName}</caption>
      <tbody>
        {WEEKDAYS.map((day, dayIndex) => (
          <tr key={day} className="align-top">
            <th scope="row" className="w-28 py-1.5 text-left font-medium text-slate-700">
              {day}
            </th>
            <td className="space-y-1 py-1">
              {days[dayIndex]?.length === 0 && <span className="text-slate-500">Unavailable</span>}
              {days[dayIndex]?.map((span, spanIndex) => (
                <div key={span.key} className="flex items-center gap-2">
                  {(["start", "end"] as const).map((edge) => (
                    <input
                      key={edge}
                      type="time"
                      aria-label={`${hostName} ${day} window ${spanIndex + 1} ${edge}`}
                      value={span[edge]}
                      onChange={(event) =>
                        changeDay(dayIndex, (windows) =>
                          windows.map((w) => (w.key === span.key ? { ...w, [edge]: event.target.value } : w)),
                        )
                      }
                      className="rounded-md border border-slate-300 px-2 py-1"
                    />
                  ))}
                  <Button
                    variant="ghost"
                    className="px-2 py-1 text-xs"
                    aria-label={`Remove ${hostName} ${day} window ${spanIndex + 1}`}
                    onClick={() => changeDay(dayIndex, (windows) => windows.filter((w) => w.key !== span.key))}
                  >
                    Remove
                  </Button>
                </div>
              ))}
            </td>
            <td className="w-24 py-1 text-right">
              <Button
                variant="ghost"
                className="px-2 py-1 text-xs"
                aria-label={`Add hours for ${hostName} on ${day}`}
                onClick={() => changeDay(dayIndex, (windows) => [...windows, newWindow()])}
              >
                Add hours
              </Button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
