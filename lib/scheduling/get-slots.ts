import { blockedTime } from "./busy";
import { fullDays } from "./daily-limit";
import { freeSlotStarts } from "./grid";
import { intersectAll, sortedUnique, type TimeInterval, unionOfSets } from "./intervals";
import { availabilityWindows } from "./local-windows";
import { offerableWindow } from "./offerable-window";
import type { SchedulingHost, Slot, SlotQuery } from "./rules";
import { InvalidRulesError, type RuleProblem, validateRules } from "./validate-rules";
import { createZoneClock, MINUTE_MS, type ZoneClock } from "./zone-clock";

// The slot engine: pure, the clock an input. Single host and collective lay one grid on the windows all
// hosts share and test it against everyone's busy time merged; round robin computes each host's slots on
// that host's own grid and offers their union.

export interface SlotWithHosts extends Slot {
  /** Hosts who could take the slot, in the query's host order. Never send this to a customer. */
  readonly hostIds: readonly string[];
}

/** The slots a customer may see: instants only, nothing about who is free. */
export function getAvailableSlots(query: SlotQuery): Slot[] {
  const plan = planQuery(query);
  if (query.schedulingType === "round-robin") {
    return sortedUnique(query.hosts.map((host) => slotStartsWhereAllFree({ plan, hosts: [host] }))).map(plan.toSlot);
  }
  return slotStartsWhereAllFree({ plan, hosts: query.hosts }).map(plan.toSlot);
}

/** The slots with the hosts free for each: for booking (then pickRoundRobinHost), never for display. */
export function getSlotsWithFreeHosts(query: SlotQuery): SlotWithHosts[] {
  const plan = planQuery(query);
  if (query.schedulingType !== "round-robin") {
    const hostIds = query.hosts.map((host) => host.id);
    return slotStartsWhereAllFree({ plan, hosts: query.hosts }).map((start) => ({ ...plan.toSlot(start), hostIds }));
  }
  const freeHosts = new Map<number, string[]>();
  for (const host of query.hosts) {
    for (const start of slotStartsWhereAllFree({ plan, hosts: [host] })) {
      const ids = freeHosts.get(start);
      if (ids) ids.push(host.id);
      else freeHosts.set(start, [host.id]);
    }
  }
  return [...freeHosts.keys()]
    .sort((a, b) => a - b)
    .map((start) => ({ ...plan.toSlot(start), hostIds: freeHosts.get(start) ?? [] }));
}

interface QueryPlan {
  readonly query: SlotQuery;
  readonly lengthMs: number;
  readonly intervalMs: number;
  readonly earliestStart: number;
  readonly latestStart: number;
  clockFor(zone: string): ZoneClock;
  toSlot(start: number): Slot;
}

function planQuery(query: SlotQuery): QueryPlan {
  const problems = [
    ...validateQueryShape(query),
    ...validateRules({ rules: query.rules, schedules: query.hosts.map((host) => host.schedule) }).filter(
      (problem) => problem.kind === "malformed",
    ),
  ];
  if (problems.length > 0) throw new InvalidRulesError(problems);
  const { rules, window } = query;
  const lengthMs = rules.lengthMinutes * MINUTE_MS;
  const offerable = offerableWindow(query);
  // Hosts usually share a zone: one clock each per call.
  const clocks = new Map<string, ZoneClock>();
  return {
    query,
    lengthMs,
    intervalMs: (rules.slotIntervalMinutes ?? rules.lengthMinutes) * MINUTE_MS,
    earliestStart: offerable.start,
    latestStart: offerable.end,
    clockFor: (zone) => {
      let clock = clocks.get(zone);
      if (!clock) {
        clock = createZoneClock({ zone, span: window });
        clocks.set(zone, clock);
      }
      return clock;
    },
    toSlot: (start) => ({ start, end: start + lengthMs }),
  };
}

/** Slot starts at which every one of `hosts` is free, on the grid of the windows they share. */
function slotStartsWhereAllFree(input: { plan: QueryPlan; hosts: readonly SchedulingHost[] }): number[] {
  const { plan, hosts } = input;
  if (plan.earliestStart >= plan.latestStart) return [];
  const windows = intersectAll(hosts.map((host) => hostWindows({ plan, host })));
  if (windows.length === 0) return [];
  const rules = plan.query.rules;
  return freeSlotStarts({
    windows,
    blocked: unionOfSets(hosts.map((host) => blockedTime({ host, rules, windows }))),
    lengthMs: plan.lengthMs,
    intervalMs: plan.intervalMs,
    earliestStart: plan.earliestStart,
    latestStart: plan.latestStart,
  });
}

function hostWindows(input: { plan: QueryPlan; host: SchedulingHost }): TimeInterval[] {
  const { plan, host } = input;
  const clock = plan.clockFor(host.schedule.timeZone);
  const closedDays = fullDays({ bookings: host.bookings, dailyLimit: plan.query.rules.dailyLimit, clock });
  return availabilityWindows({ schedule: host.schedule, clock, span: plan.query.window, closedDays });
}

function validateQueryShape(query: SlotQuery): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const malformed = (path: string, message: string) => problems.push({ path, message, kind: "malformed" });
  const { window, now, hosts } = query;
  if (!Number.isFinite(window.start) || !Number.isFinite(window.end) || window.end <= window.start) {
    malformed(
      "window",
      `The window must be two epoch-ms instants, start before end (got ${window.start}–${window.end}).`,
    );
  }
  if (!Number.isFinite(now)) malformed("now", `The clock must be an epoch-ms instant (got ${now}).`);
  if (hosts.length === 0) malformed("hosts", "A page needs at least one host.");
  if (query.schedulingType === "single" && hosts.length > 1) {
    malformed("hosts", `A single-host page takes exactly one host (got ${hosts.length}).`);
  }
  if (new Set(hosts.map((host) => host.id)).size !== hosts.length) malformed("hosts", "Host ids must be unique.");
  return problems;
}
