"use client";

import { useEffect, useMemo, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import type { BusyStatus, TeamAvailability } from "@/lib/team/availability";
import {
  clock,
  commonFree,
  type DayWindow,
  dayWindows,
  localDate,
  placeBlocks,
  shiftWeek,
  weekRange,
  weekStartOf,
} from "@/lib/team/week-grid";

export const STATUS_STYLE: Record<BusyStatus, { label: string; className: string }> = {
  busy: { label: "Busy", className: "bg-brand-700" },
  tentative: {
    label: "Tentative",
    className: "bg-amber-300 bg-[repeating-linear-gradient(45deg,transparent_0_4px,rgb(255_255_255/0.5)_4px_8px)]",
  },
  oof: { label: "Out of office", className: "bg-purple-600" },
  "working-elsewhere": { label: "Working elsewhere", className: "bg-sky-400" },
};

const ROW_NOTE: Record<string, string> = {
  "no-calendar": "No calendar connected",
  "no-data": "No data (not shared with you)",
  error: "Exchange error",
};

interface Props {
  members: Array<{ id: string; name: string }>;
  groups: Array<{ id: string; name: string }>;
  workWeek: { workDays: number[]; startHour: number; endHour: number };
  viewerId: string;
}

function browserZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}

function zoneOptions(current: string): string[] {
  const all = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  return all.includes(current) ? all : [current, ...all];
}

/**
 * The team's week, live from Exchange through /api/v1/team/availability: one row per member, busy blocks
 * by status, nothing else (the API has nothing else to give). Times are drawn in the chosen zone.
 */
export function TeamGrid({ members, groups, workWeek, viewerId }: Props) {
  const [zone, setZone] = useState("UTC");
  const [weekStart, setWeekStart] = useState<string | null>(null);
  const [groupId, setGroupId] = useState("");
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const [data, setData] = useState<TeamAvailability | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [now, setNow] = useState(() => Date.now());

  // The browser's zone is known only in the browser: pick it (and this week) after the first render.
  useEffect(() => {
    const zoneHere = browserZone();
    setZone(zoneHere);
    setWeekStart(weekStartOf(new Date(), zoneHere));
    const timer = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(timer);
  }, []);

  useEffect(() => {
    if (!weekStart) return;
    const range = weekRange(weekStart, zone);
    const query = new URLSearchParams({
      start: new Date(range.start).toISOString(),
      end: new Date(range.end).toISOString(),
    });
    if (groupId) query.set("group", groupId);
    const controller = new AbortController();
    setLoading(true);
    setError(null);
    fetch(`/api/v1/team/availability?${query}`, { signal: controller.signal, cache: "no-store" })
      .then(async (response) => {
        const body = (await response.json()) as TeamAvailability & { error?: string };
        if (!response.ok) throw new Error(body.error ?? `The server answered ${response.status}.`);
        setData(body);
      })
      .catch((reason: unknown) => {
        if (!controller.signal.aborted) setError(reason instanceof Error ? reason.message : "Loading failed.");
      })
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
  }, [weekStart, zone, groupId]);

  const days = useMemo(
    () => (weekStart ? dayWindows({ weekStart, zone, ...workWeek }) : []),
    [weekStart, zone, workWeek],
  );
  const today = localDate(now, zone);
  const rows = data?.members ?? members.map((m) => ({ ...m, status: "ok" as const, busy: [] }));
  const pickedRows = rows.filter((row) => picked.has(row.id));
  const unknownPicked = pickedRows.filter((row) => row.status !== "ok");

  function togglePick(id: string) {
    setPicked((previous) => {
      const next = new Set(previous);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }

  return (
    <section aria-label="Team availability" className="space-y-4">
      <div className="flex flex-wrap items-end gap-3">
        <div className="flex items-center gap-2">
          <Button variant="secondary" onClick={() => weekStart && setWeekStart(shiftWeek(weekStart, -1))}>
            ← Previous week
          </Button>
          <Button variant="secondary" onClick={() => setWeekStart(weekStartOf(new Date(), zone))}>
            This week
          </Button>
          <Button variant="secondary" onClick={() => weekStart && setWeekStart(shiftWeek(weekStart, 1))}>
            Next week →
          </Button>
        </div>
        <label className="text-sm text-slate-700">
          <span className="block text-xs font-medium text-slate-600">Time zone</span>
          <select
            className="rounded-md border border-slate-300 px-2 py-1 text-sm"
            value={zone}
            onChange={(event) => setZone(event.target.value)}
          >
            {zoneOptions(zone).map((z) => (
              <option key={z} value={z}>
                {z}
              </option>
            ))}
          </select>
        </label>
        {groups.length > 0 && (
          <label className="text-sm text-slate-700">
            <span className="block text-xs font-medium text-slate-600">Group</span>
            <select
              className="rounded-md border border-slate-300 px-2 py-1 text-sm"
              value={groupId}
              onChange={(event) => setGroupId(event.target.value)}
            >
              <option value="">Everyone</option>
              {groups.map((g) => (
                <option key={g.id} value={g.id}>
                  {g.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <p className="text-xs text-slate-500" aria-live="polite">
          {loading ? "Asking Exchange…" : weekStart ? `Week of ${days[0]?.label ?? weekStart}` : ""}
        </p>
      </div>

      <Legend />
      {error && <Alert tone="error">{error}</Alert>}
      {data?.unavailable && (
        <Alert tone="error">
          <span data-testid="availability-banner">
            {data.unavailable.since
              ? `Exchange unavailable since ${new Date(data.unavailable.since).toLocaleString()}: `
              : ""}
            {data.unavailable.message}
          </span>
        </Alert>
      )}

      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="w-full min-w-[48rem] table-fixed border-collapse text-sm">
          <thead>
            <tr className="border-b border-slate-200 text-left text-xs text-slate-600">
              <th scope="col" className="sticky left-0 z-10 w-44 bg-white px-3 py-2 font-medium">
                Member
              </th>
              {days.map((day) => (
                <th key={day.date} scope="col" className="px-1 py-2 font-medium">
                  <span
                    className={cn(day.date === today && "font-semibold text-brand-700")}
                    {...(day.date === today ? { "aria-current": "date" as const } : {})}
                  >
                    {day.label}
                    {day.date === today ? " (today)" : ""}
                  </span>
                  <span className="block text-[10px] font-normal text-slate-400">
                    {clock(day.start, zone)}–{clock(day.end, zone)}
                  </span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id} className="border-b border-slate-100" data-testid="team-row" data-status={row.status}>
                <th scope="row" className="sticky left-0 z-10 bg-white px-3 py-2 text-left font-normal">
                  <label className="flex items-center gap-2">
                    <input
                      type="checkbox"
                      checked={picked.has(row.id)}
                      onChange={() => togglePick(row.id)}
                      aria-label={`Compare ${row.name}`}
                    />
                    <span className="truncate text-slate-900">
                      {row.name}
                      {row.id === viewerId && <span className="text-slate-500"> (you)</span>}
                    </span>
                  </label>
                  {row.status !== "ok" && <span className="block text-xs text-slate-500">{ROW_NOTE[row.status]}</span>}
                </th>
                {days.map((day) => (
                  <td key={day.date} className="px-1 py-2">
                    <DayBar day={day} now={now} zone={zone} row={row} />
                  </td>
                ))}
              </tr>
            ))}
            {pickedRows.length > 0 && (
              <tr className="bg-emerald-50" data-testid="common-free-row">
                <th scope="row" className="sticky left-0 z-10 bg-emerald-50 px-3 py-2 text-left text-xs font-medium">
                  Everyone picked is free
                  {unknownPicked.length > 0 && (
                    <span className="block font-normal text-slate-500">
                      Unknown for {unknownPicked.map((r) => r.name).join(", ")}
                    </span>
                  )}
                </th>
                {days.map((day) => (
                  <td key={day.date} className="px-1 py-2">
                    <div className="relative h-6 rounded bg-white ring-1 ring-slate-200">
                      {commonFree(
                        pickedRows.map((r) => r.busy.filter((b) => b.status !== "working-elsewhere")),
                        day,
                      ).map((free) => (
                        <span
                          key={free.start}
                          data-testid="common-free"
                          title={`Free ${clock(free.start, zone)}–${clock(free.end, zone)}`}
                          className="absolute inset-y-0 rounded bg-emerald-400"
                          style={{
                            left: `${((free.start - day.start) / (day.end - day.start)) * 100}%`,
                            width: `${((free.end - free.start) / (day.end - day.start)) * 100}%`,
                          }}
                        />
                      ))}
                    </div>
                  </td>
                ))}
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <p className="text-xs text-slate-500">
        Tick members to compare them: the green row shows when none of them is busy, tentative or out of office (working
        elsewhere counts as available). Read live from Exchange on every view; only free/busy is asked for, and nothing
        is kept.
      </p>
    </section>
  );
}

function DayBar({
  day,
  now,
  zone,
  row,
}: {
  day: DayWindow;
  now: number;
  zone: string;
  row: TeamAvailability["members"][number];
}) {
  const blocks = row.status === "ok" ? placeBlocks(row.busy, day) : [];
  const showNow = now >= day.start && now < day.end;
  return (
    <div
      className={cn(
        "relative h-6 rounded bg-slate-50 ring-1 ring-slate-200",
        row.status !== "ok" &&
          "bg-[repeating-linear-gradient(135deg,rgb(241_245_249)_0_6px,rgb(226_232_240)_6px_12px)]",
      )}
    >
      {blocks.map((block) => (
        <span
          key={`${block.start}-${block.status}`}
          data-testid="busy-block"
          data-status={block.status}
          data-start={new Date(block.start).toISOString()}
          data-end={new Date(block.end).toISOString()}
          title={`${STATUS_STYLE[block.status].label} ${clock(block.start, zone)}–${clock(block.end, zone)}`}
          className={cn("absolute inset-y-0.5 rounded-sm", STATUS_STYLE[block.status].className)}
          style={{ left: `${block.left}%`, width: `max(${block.width}%, 2px)` }}
        />
      ))}
      {showNow && (
        <span
          data-testid="now-marker"
          title="Now"
          className="absolute inset-y-0 w-0.5 bg-red-500"
          style={{ left: `${((now - day.start) / (day.end - day.start)) * 100}%` }}
        />
      )}
    </div>
  );
}

function Legend() {
  return (
    <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-700" aria-label="Legend">
      {Object.entries(STATUS_STYLE).map(([status, style]) => (
        <li key={status} className="flex items-center gap-1.5">
          <span className={cn("inline-block h-3 w-5 rounded-sm", style.className)} />
          {style.label}
        </li>
      ))}
      <li className="flex items-center gap-1.5">
        <span className="inline-block h-3 w-5 rounded-sm bg-[repeating-linear-gradient(135deg,rgb(241_245_249)_0_3px,rgb(203_213_225)_3px_6px)]" />
        No calendar / no data
      </li>
      <li className="flex items-center gap-1.5">
        <span className="inline-block h-3 w-0.5 bg-red-500" />
        Now
      </li>
    </ul>
  );
}
