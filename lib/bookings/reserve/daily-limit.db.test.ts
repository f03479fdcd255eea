import { and, eq, ne } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { callControl, setUpTestSimulator } from "@/ews-simulator/testing/test-simulator";
import type { CurrentUser } from "@/lib/auth/session";
import { rescheduleBooking } from "@/lib/bookings/manage";
import type { BookingRequest } from "@/lib/bookings/public";
import { type BookablePage, computePageSlots, loadBookablePage } from "@/lib/bookings/slots";
import { simulatorConfig, testKeys } from "@/lib/calendars/test-helpers";
import { db } from "@/lib/db";
import { bookingHolds, bookings } from "@/lib/db/schema";
import { createTestDatabase } from "@/lib/db/testing";
import type { SlotWithHosts } from "@/lib/scheduling/get-slots";
import { DAY_MS } from "@/lib/scheduling/zone-clock";
import { ALL_WEEK, insertBookingPage, setUpBookingOrganisation } from "../test-helpers";
import { createBooking } from "./create-booking";
import { hostDayOf } from "./daily-limit-guard";

// The daily limit under concurrent bookings: the slot engine checks it before the insert, but with Exchange
// answering slowly every racer passes that check at once; the database's guard must let no more through.

let database: Awaited<ReturnType<typeof createTestDatabase>>;
const simulator = setUpTestSimulator();
const config = simulatorConfig();
const keys = testKeys();
let owner: CurrentUser;
let alice: CurrentUser;
let bob: CurrentUser;
const now = Date.now();
const RACERS = 20;

beforeAll(async () => {
  database = await createTestDatabase();
  ({ owner, alice, bob } = await setUpBookingOrganisation({ simulator, config, keys }));
});
afterEach(async () => {
  await callControl({ simulator, method: "DELETE", path: "/faults" });
});
afterAll(async () => {
  await database?.drop();
});

/** Exchange takes 400 ms over every free/busy read, so all racers see the day empty before any inserts. */
async function slowExchange() {
  const added = await callControl({
    simulator,
    method: "POST",
    path: "/faults",
    body: { operation: "GetUserAvailability", latency: { fixedMs: 400 } },
  });
  expect(added.status).toBe(201);
}

async function limitedPage(input: {
  dailyLimit: number;
  hosts: CurrentUser[];
  timeZone?: string;
  schedulingType?: "single" | "round_robin" | "collective";
}): Promise<BookablePage> {
  const inserted = await insertBookingPage({
    owner,
    schedulingType: input.schedulingType ?? "single",
    hosts: input.hosts.map((user) => ({ user, timeZone: input.timeZone ?? "UTC", weeklyHours: ALL_WEEK })),
    page: { dailyLimit: input.dailyLimit },
  });
  const found = await loadBookablePage(inserted.slug);
  if (!found) throw new Error("page not found");
  return found;
}

const request = (start: number, i: number): BookingRequest => ({
  start: new Date(start),
  name: `Racer ${i}`,
  email: `racer${i}@example.com`,
  timeZone: "UTC",
  challenge: "checked-by-the-route",
  nonce: "0",
});

/**
 * `count` distinct slots, all starting on the local day (in `timeZone`) `daysAhead` days from now. The hosts'
 * bookings count on every page, so each test takes a day of its own.
 */
async function slotsOfOneDay(input: {
  page: BookablePage;
  count: number;
  daysAhead: number;
  timeZone?: string;
}): Promise<SlotWithHosts[]> {
  const { page, count, daysAhead, timeZone = "UTC" } = input;
  const result = await computePageSlots({
    bookable: page,
    window: { start: now + (daysAhead - 1) * DAY_MS, end: now + (daysAhead + 2) * DAY_MS },
    now,
    config,
    keys,
  });
  if (!result.ok) throw new Error(result.message);
  const [first] = result.slots;
  if (!first) throw new Error("no slots");
  const day = hostDayOf({ hostUserId: "", timeZone, instant: first.start + DAY_MS });
  const sameDay = result.slots.filter((s) => s.start >= day.from.getTime() && s.start < day.to.getTime());
  if (sameDay.length < count) throw new Error(`only ${sameDay.length} slots on one day`);
  return sameDay.slice(0, count);
}

async function race(page: BookablePage, slots: SlotWithHosts[]) {
  return Promise.all(
    slots.map((slot, i) => createBooking({ bookable: page, request: request(slot.start, i), now, config, keys })),
  );
}

async function liveBookingsOf(hostUserId: string, pageId: string) {
  return db()
    .select({ id: bookings.id, startsAt: bookings.startsAt })
    .from(bookings)
    .innerJoin(bookingHolds, eq(bookingHolds.bookingId, bookings.id))
    .where(and(eq(bookings.pageId, pageId), eq(bookingHolds.hostUserId, hostUserId), ne(bookings.status, "cancelled")));
}

describe("the daily limit under concurrent bookings", () => {
  it(`lets one of ${RACERS} simultaneous bookings of different times on one day through a limit of 1`, async () => {
    const page = await limitedPage({ dailyLimit: 1, hosts: [alice] });
    const slots = await slotsOfOneDay({ page, count: RACERS, daysAhead: 3 });
    await slowExchange();
    const results = await race(page, slots);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.error === "slot_taken")).toHaveLength(RACERS - 1);
    expect(await liveBookingsOf(alice.userId, page.page.id)).toHaveLength(1);
  });

  it("lets exactly three through a limit of 3, in a zone far from UTC", async () => {
    const page = await limitedPage({ dailyLimit: 3, hosts: [alice], timeZone: "Pacific/Auckland" });
    const slots = await slotsOfOneDay({ page, count: RACERS, daysAhead: 5, timeZone: "Pacific/Auckland" });
    await slowExchange();
    const results = await race(page, slots);
    expect(results.filter((r) => r.ok)).toHaveLength(3);
    expect(await liveBookingsOf(alice.userId, page.page.id)).toHaveLength(3);
  });

  it("gives a round-robin page one booking per host per day, the losers falling through to the other host", async () => {
    const page = await limitedPage({ dailyLimit: 1, hosts: [alice, bob], schedulingType: "round_robin" });
    const slots = await slotsOfOneDay({ page, count: RACERS, daysAhead: 7 });
    await slowExchange();
    const results = await race(page, slots);
    expect(results.filter((r) => r.ok)).toHaveLength(2);
    expect(await liveBookingsOf(alice.userId, page.page.id)).toHaveLength(1);
    expect(await liveBookingsOf(bob.userId, page.page.id)).toHaveLength(1);
  });

  it("holds the limit for bookings moved onto one day at the same moment", async () => {
    const page = await limitedPage({ dailyLimit: 1, hosts: [alice] });
    const target = await slotsOfOneDay({ page, count: 4, daysAhead: 9 });
    // Four bookings on four other days, each then moved to a different time of the target day at once.
    const elsewhere = await computePageSlots({
      bookable: page,
      window: { start: now + 11 * DAY_MS, end: now + 22 * DAY_MS },
      now,
      config,
      keys,
    });
    if (!elsewhere.ok) throw new Error(elsewhere.message);
    const days = [0, 2, 4, 6].map((offset) => {
      const slot = elsewhere.slots.find((s) => s.start >= now + (12 + offset) * DAY_MS);
      if (!slot) throw new Error("no slot on another day");
      return slot;
    });
    const tokens: string[] = [];
    for (const [i, slot] of days.entries()) {
      const booked = await createBooking({ bookable: page, request: request(slot.start, i), now, config, keys });
      if (!booked.ok) throw new Error(booked.message);
      tokens.push(booked.manageToken);
    }
    await slowExchange();
    const moved = await Promise.all(
      tokens.map((token, i) => rescheduleBooking({ token, start: new Date(target[i]?.start ?? 0), now, config, keys })),
    );
    expect(moved.filter((r) => r.ok)).toHaveLength(1);
    expect(moved.filter((r) => !r.ok && r.error === "slot_taken")).toHaveLength(3);
    const onTarget = (await liveBookingsOf(alice.userId, page.page.id)).filter(
      (b) => b.startsAt.getTime() >= (target[0]?.start ?? 0) && b.startsAt.getTime() < (target[0]?.start ?? 0) + DAY_MS,
    );
    expect(onTarget).toHaveLength(1);
  });
});

describe("hostDayOf", () => {
  it("reads a host's day in their zone, 23 hours long on a spring-forward day", () => {
    // 2026-03-29: Europe/Berlin moves from +01:00 to +02:00 at 02:00.
    const day = hostDayOf({
      hostUserId: "h",
      timeZone: "Europe/Berlin",
      instant: Date.parse("2026-03-29T12:00:00Z"),
    });
    expect(day.from.toISOString()).toBe("2026-03-28T23:00:00.000Z");
    expect(day.to.toISOString()).toBe("2026-03-29T22:00:00.000Z");
  });

  it("puts an instant just after local midnight on the new local day", () => {
    const day = hostDayOf({
      hostUserId: "h",
      timeZone: "America/New_York",
      instant: Date.parse("2026-11-02T05:30:00Z"), // 00:30 EST on 2 November
    });
    expect(day.from.toISOString()).toBe("2026-11-02T05:00:00.000Z");
    expect(day.to.toISOString()).toBe("2026-11-03T05:00:00.000Z");
  });
});
