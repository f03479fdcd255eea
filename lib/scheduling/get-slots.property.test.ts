import fc from "fast-check";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { getAvailableSlots, getSlotsWithFreeHosts } from "./get-slots";
import type { SchedulingHost, Slot } from "./rules";
import { queryArbitrary } from "./test-helpers/arbitraries";
import { naiveDayWindows, naiveInstantOfWallTime, naiveIsBlocked, naiveSlotStarts } from "./test-helpers/naive-engine";

const MINUTE = 60_000;
const TYPES = ["single", "round-robin", "collective"] as const;
const RUNS = { numRuns: 120 };
/** Date#getTimezoneOffset on 1 January 2025 (minutes behind UTC) for the server zones tried. */
const WINTER_OFFSETS: Record<string, number> = {
  "America/Los_Angeles": 480,
  "Pacific/Kiritimati": -840,
  "Europe/London": 0,
  UTC: 0,
};

const startsOf = (slots: readonly Slot[]) => slots.map((slot) => slot.start);

/** The host's window (as instants) holding the slot, looked up from the slot's local date, or undefined. */
function windowHolding(input: { host: SchedulingHost; slot: Slot }) {
  const zone = input.host.schedule.timeZone;
  const day = DateTime.fromMillis(input.slot.start, { zone });
  for (const date of [day.minus({ days: 1 }).toISODate() ?? "", day.toISODate() ?? ""]) {
    for (const w of naiveDayWindows({ schedule: input.host.schedule, date })) {
      const start = naiveInstantOfWallTime({ zone, date, minute: w.startMinute });
      const end = naiveInstantOfWallTime({ zone, date, minute: w.endMinute });
      if (start <= input.slot.start && input.slot.end <= end) return { start, end };
    }
  }
  return undefined;
}

function bookingsOnLocalDay(input: { host: SchedulingHost; instant: number }): number {
  const zone = input.host.schedule.timeZone;
  const date = DateTime.fromMillis(input.instant, { zone }).toISODate();
  return input.host.bookings.filter((b) => DateTime.fromMillis(b.start, { zone }).toISODate() === date).length;
}

describe("getAvailableSlots, against a naive engine", () => {
  for (const schedulingType of TYPES) {
    it(`${schedulingType}: gives exactly the slots of a slow, obvious implementation`, () => {
      fc.assert(
        fc.property(queryArbitrary({ schedulingType }), (query) => {
          expect(startsOf(getAvailableSlots(query))).toEqual(naiveSlotStarts(query));
        }),
        RUNS,
      );
    });
  }
});

describe("getAvailableSlots, properties", () => {
  it("sorts slots, one per start, each as long as the rules say, between now + notice, the horizon and the window", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...TYPES).chain((type) => queryArbitrary({ schedulingType: type })),
        (query) => {
          const { rules, now, window } = query;
          const earliest = Math.max(window.start, now + rules.minimumNoticeMinutes * MINUTE);
          const latest = Math.min(
            window.end,
            rules.horizonDays === null ? Infinity : now + rules.horizonDays * 1440 * MINUTE,
          );
          const slots = getAvailableSlots(query);
          slots.forEach((slot, i) => {
            if (i > 0) expect(slot.start).toBeGreaterThan((slots[i - 1] as Slot).start);
            expect(slot.end - slot.start).toBe(rules.lengthMinutes * MINUTE);
            expect(slot.start).toBeGreaterThanOrEqual(earliest);
            expect(slot.start).toBeLessThan(latest);
          });
        },
      ),
      RUNS,
    );
  });

  it("frees every slot's hosts: no blocking busy time or booking within the buffers, inside their hours, under the daily limit", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...TYPES).chain((type) => queryArbitrary({ schedulingType: type })),
        (query) => {
          const interval = (query.rules.slotIntervalMinutes ?? query.rules.lengthMinutes) * MINUTE;
          for (const slot of getSlotsWithFreeHosts(query)) {
            expect(slot.hostIds.length).toBeGreaterThan(0);
            for (const id of slot.hostIds) {
              const host = query.hosts.find((h) => h.id === id) as SchedulingHost;
              expect(naiveIsBlocked({ query, host, start: slot.start })).toBe(false);
              const window = windowHolding({ host, slot });
              expect(window).toBeDefined();
              // Collective slots follow the grid of the hours all hosts share, not each host's own.
              if (window && query.schedulingType !== "collective")
                expect((slot.start - window.start) % interval).toBe(0);
              if (query.rules.dailyLimit !== null) {
                expect(bookingsOnLocalDay({ host, instant: slot.start })).toBeLessThan(query.rules.dailyLimit);
              }
            }
          }
        },
      ),
      RUNS,
    );
  });

  it("does not depend on the server's time zone", () => {
    const original = process.env.TZ;
    try {
      fc.assert(
        fc.property(
          fc.constantFrom(...TYPES).chain((type) => queryArbitrary({ schedulingType: type })),
          (query) => {
            process.env.TZ = original;
            const expected = getAvailableSlots(query);
            for (const zone of ["America/Los_Angeles", "Pacific/Kiritimati", "Europe/London", "UTC"]) {
              process.env.TZ = zone;
              // Node applies a new TZ at once; without that this test would prove nothing.
              expect(new Date(Date.UTC(2025, 0, 1)).getTimezoneOffset()).toBe(WINTER_OFFSETS[zone]);
              expect(getAvailableSlots(query)).toEqual(expected);
            }
          },
        ),
        { numRuns: 40 },
      );
    } finally {
      process.env.TZ = original;
    }
    expect(process.env.TZ).toBe(original);
  });

  it("collective: every slot is a slot of each host alone (hosts working the same hours)", () => {
    fc.assert(
      fc.property(queryArbitrary({ schedulingType: "collective", sharedSchedule: true }), (query) => {
        const collective = startsOf(getAvailableSlots(query));
        for (const host of query.hosts) {
          const own = new Set(startsOf(getAvailableSlots({ ...query, schedulingType: "single", hosts: [host] })));
          for (const start of collective) expect(own.has(start)).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it("round robin: the union of each host's own slots", () => {
    fc.assert(
      fc.property(queryArbitrary({ schedulingType: "round-robin" }), (query) => {
        const own = new Map(
          query.hosts.map((host) => [
            host.id,
            new Set(startsOf(getAvailableSlots({ ...query, schedulingType: "single", hosts: [host] }))),
          ]),
        );
        const union = new Set([...own.values()].flatMap((starts) => [...starts]));
        expect(startsOf(getAvailableSlots(query))).toEqual([...union].sort((a, b) => a - b));
        for (const slot of getSlotsWithFreeHosts(query)) {
          for (const host of query.hosts) {
            expect(slot.hostIds.includes(host.id)).toBe(own.get(host.id)?.has(slot.start));
          }
        }
      }),
      RUNS,
    );
  });

  it("a narrower window gives the same slots, cut to it", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...TYPES).chain((type) => queryArbitrary({ schedulingType: type })),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (query, a, b) => {
          const span = query.window.end - query.window.start;
          const start = query.window.start + Math.floor(Math.min(a, b) * span);
          const end = query.window.start + Math.ceil(Math.max(a, b) * span);
          fc.pre(end > start);
          const cut = getAvailableSlots(query).filter((slot) => slot.start >= start && slot.start < end);
          expect(getAvailableSlots({ ...query, window: { start, end } })).toEqual(cut);
        },
      ),
      RUNS,
    );
  });
});
