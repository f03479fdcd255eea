"use client";

import { useActionState, useId, useState } from "react";
import { FormMessage, fieldErrors } from "@/components/auth/form-message";
import { Button } from "@/components/ui/button";
import { SubmitButton } from "@/components/ui/submit-button";
import { updateHostsAction } from "../actions";
import { ZoneSelect } from "../zone-select";
import { newWindow, type TimeWindow, WEEKDAYS, WeeklyHoursTable } from "./weekly-hours";

const TYPES = [
  { value: "single", label: "One host" },
  { value: "round_robin", label: "Round robin: each booking goes to one free host" },
  { value: "collective", label: "Collective: every host must be free; one meeting with all" },
] as const;
type SchedulingType = (typeof TYPES)[number]["value"];

interface HostState {
  userId: string;
  name: string;
  /** null until the browser's zone is known (a newly added host). */
  timeZone: string | null;
  priority: number;
  useExchangeWorkingHours: boolean;
  days: TimeWindow[][];
}
export interface StoredHost {
  userId: string;
  name: string;
  timeZone: string;
  priority: number;
  useExchangeWorkingHours: boolean;
  weeklyHours: Array<{ day: number; startMinute: number; endMinute: number }>;
}

const clock = (minute: number) =>
  `${String(Math.floor(minute / 60) % 24).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;

function toState(host: StoredHost): HostState {
  const days = WEEKDAYS.map((_, index) =>
    host.weeklyHours.filter((w) => w.day === index + 1).map((w) => newWindow(clock(w.startMinute), clock(w.endMinute))),
  );
  return { ...host, days };
}

/** What the action parses: HH:MM per window; an end of 00:00 means midnight at the end of the day. */
function serialise(hosts: HostState[]): string {
  return JSON.stringify(
    hosts.map((host) => ({
      userId: host.userId,
      timeZone: host.timeZone ?? "UTC",
      priority: host.priority,
      useExchangeWorkingHours: host.useExchangeWorkingHours,
      weekly: host.days.flatMap((windows, index) =>
        windows.map((w) => ({ day: index + 1, start: w.start, end: w.end === "00:00" ? "24:00" : w.end })),
      ),
    })),
  );
}

const OFFICE_DAYS = (): TimeWindow[][] => WEEKDAYS.map((_, index) => (index < 5 ? [newWindow()] : []));

export function HostsEditor({
  pageId,
  schedulingType,
  hosts,
  candidates,
}: {
  pageId: string;
  schedulingType: SchedulingType;
  hosts: StoredHost[];
  candidates: Array<{ id: string; name: string; hasCalendar: boolean }>;
}) {
  const [state, action] = useActionState(updateHostsAction, null);
  const [type, setType] = useState<SchedulingType>(schedulingType);
  const [list, setList] = useState<HostState[]>(() => hosts.map(toState));
  const [adding, setAdding] = useState("");
  const id = useId().replaceAll(":", "");
  const available = candidates.filter((c) => !list.some((host) => host.userId === c.id));

  const update = (userId: string, change: (host: HostState) => HostState) =>
    setList((current) => current.map((host) => (host.userId === userId ? change(host) : host)));

  const addHost = () => {
    const member = candidates.find((c) => c.id === adding);
    if (!member) return;
    setList((current) => [
      ...current,
      {
        userId: member.id,
        name: member.name,
        timeZone: null,
        priority: 0,
        useExchangeWorkingHours: false,
        days: OFFICE_DAYS(),
      },
    ]);
    setAdding("");
  };

  return (
    <form action={action} className="space-y-5" noValidate aria-label="Hosts">
      <FormMessage state={state} />
      {fieldErrors(state, "hosts")?.map((error) => (
        <p key={error} role="alert" className="text-sm text-red-700">
          {error}
        </p>
      ))}
      <input type="hidden" name="pageId" value={pageId} />
      <input type="hidden" name="hosts" value={serialise(list)} />
      <div className="space-y-1.5">
        <label htmlFor={`${id}-type`} className="block text-sm font-medium text-slate-800">
          How hosts are assigned
        </label>
        <select
          id={`${id}-type`}
          name="schedulingType"
          value={type}
          onChange={(event) => setType(event.target.value as SchedulingType)}
          className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm"
        >
          {TYPES.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      </div>

      {list.map((host) => (
        <fieldset key={host.userId} className="space-y-3 rounded-md border border-slate-200 p-4" data-testid="host">
          <legend className="px-1 text-sm font-semibold text-slate-900">{host.name}</legend>
          <div className="grid gap-3 sm:grid-cols-3">
            <ZoneSelect
              label={`Time zone of ${host.name}`}
              defaultZone={host.timeZone}
              onChange={(zone) => update(host.userId, (h) => ({ ...h, timeZone: zone }))}
            />
            {type === "round_robin" && (
              <div className="space-y-1.5">
                <label htmlFor={`${id}-${host.userId}-priority`} className="block text-sm font-medium text-slate-800">
                  Priority of {host.name}
                </label>
                <input
                  id={`${id}-${host.userId}-priority`}
                  type="number"
                  min={-100}
                  max={100}
                  value={host.priority}
                  onChange={(event) =>
                    update(host.userId, (h) => ({ ...h, priority: Number.parseInt(event.target.value, 10) || 0 }))
                  }
                  aria-describedby={`${id}-priority-hint`}
                  className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm"
                />
              </div>
            )}
            <label className="flex items-center gap-2 self-end pb-2 text-sm text-slate-700">
              <input
                type="checkbox"
                checked={host.useExchangeWorkingHours}
                onChange={(event) =>
                  update(host.userId, (h) => ({ ...h, useExchangeWorkingHours: event.target.checked }))
                }
              />
              Use {host.name}'s Exchange working hours
            </label>
          </div>
          {host.useExchangeWorkingHours && (
            <p className="text-xs text-slate-600">
              Slots follow the working hours Exchange reports for {host.name}. The weekly hours below apply whenever
              Exchange's hours cannot be read.
            </p>
          )}
          <WeeklyHoursTable
            hostName={host.name}
            days={host.days}
            onChange={(days) => update(host.userId, (h) => ({ ...h, days }))}
          />
          {list.length > 1 && (
            <Button
              variant="danger"
              className="px-2 py-1 text-xs"
              onClick={() => setList((current) => current.filter((h) => h.userId !== host.userId))}
            >
              Remove {host.name} as host
            </Button>
          )}
        </fieldset>
      ))}
      {type === "round_robin" && (
        <p id={`${id}-priority-hint`} className="text-xs text-slate-500">
          Higher priority goes first among the free hosts; then whoever was booked least recently.
        </p>
      )}

      {available.length > 0 && type !== "single" && (
        <div className="flex flex-wrap items-end gap-2">
          <div className="space-y-1.5">
            <label htmlFor={`${id}-add`} className="block text-sm font-medium text-slate-800">
              Add a host
            </label>
            <select
              id={`${id}-add`}
              value={adding}
              onChange={(event) => setAdding(event.target.value)}
              className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm"
            >
              <option value="">Choose a member…</option>
              {available.map((member) => (
                <option key={member.id} value={member.id}>
                  {member.hasCalendar ? member.name : `${member.name} (no calendar connected)`}
                </option>
              ))}
            </select>
          </div>
          <Button variant="secondary" onClick={addHost} disabled={!adding}>
            Add host
          </Button>
        </div>
      )}
      {type === "single" && list.length > 1 && (
        <p className="text-sm text-amber-800">A one-host page has exactly one host: remove the others.</p>
      )}
      <SubmitButton pendingText="Saving…">Save hosts and hours</SubmitButton>
    </form>
  );
}
