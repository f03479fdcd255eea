import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setUpTestSimulator } from "@/ews-simulator/testing/test-simulator";
import type { CurrentUser } from "@/lib/auth/session";
import {
  createCalendarChangeQueues,
  enqueuePendingChanges,
  runCalendarChangeJob,
  writeBookingToCalendar,
} from "@/lib/bookings/calendar-write";
import { createBooking } from "@/lib/bookings/reserve";
import { type BookablePage, computePageSlots, loadBookablePage } from "@/lib/bookings/slots";
import { readRequestLog, simulatorConfig, testKeys } from "@/lib/calendars/test-helpers";
import { db } from "@/lib/db";
import { bookingHolds, bookings, type SchedulingType } from "@/lib/db/schema";
import { createTestDatabase } from "@/lib/db/testing";
import { findSimulatorBookingItems } from "@/lib/exchange/testing/simulator-calendar";
import { type JobQueue, startJobQueue } from "@/lib/jobs/queue";
import { DAY_MS } from "@/lib/scheduling/zone-clock";
import { ALL_WEEK, insertBookingPage, setUpBookingOrganisation } from "../test-helpers";
import { cancelBooking, cancelBookingAsCustomer, loadManagedBooking, rescheduleBooking } from "./manage";

let database: Awaited<ReturnType<typeof createTestDatabase>>;
const simulator = setUpTestSimulator();
const config = simulatorConfig();
const keys = testKeys();
let owner: CurrentUser;
let alice: CurrentUser;
let bob: CurrentUser;
let boss: JobQueue;
const now = Date.now();
const HOUR_MS = 3_600_000;

beforeAll(async () => {
  database = await createTestDatabase();
  ({ owner, alice, bob } = await setUpBookingOrganisation({ simulator, config, keys }));
  boss = await startJobQueue(database.jobStore);
  await createCalendarChangeQueues(boss);
});
afterAll(async () => {
  await boss?.stop({ graceful: false, wait: true });
  await database?.drop();
});

async function newPage(input: {
  hosts?: CurrentUser[];
  schedulingType?: SchedulingType;
  cancellationMethod?: "cancel_item" | "delete_item";
}): Promise<BookablePage> {
  const row = await insertBookingPage({
    owner,
    schedulingType: input.schedulingType ?? "single",
    hosts: (input.hosts ?? [alice]).map((user) => ({ user, timeZone: "UTC", weeklyHours: ALL_WEEK })),
    page: { cancellationMethod: input.cancellationMethod ?? "cancel_item" },
  });
  const found = await loadBookablePage(row.slug);
  if (!found) throw new Error("page not found");
  return found;
}

async function offered(page: BookablePage, from = now, days = 10) {
  const result = await computePageSlots({
    bookable: page,
    window: { start: from, end: from + days * DAY_MS },
    now,
    config,
    keys,
  });
  if (!result.ok) throw new Error(result.message);
  return result.slots;
}

/** A slot of `page` around `at` (a few days out, so each test has calendar space of its own). */
async function slotNear(page: BookablePage, at: number) {
  const slot = (await offered(page, at, 1))[0];
  if (!slot) throw new Error("no slot");
  return slot;
}

/** Books `start` and writes it to Exchange, as the public route does. */
async function bookAndWrite(page: BookablePage, start: number) {
  const result = await createBooking({
    bookable: page,
    request: {
      start: new Date(start),
      name: "Cara <Customer> & Co",
      email: "cara@example.com",
      timeZone: "Asia/Kolkata",
      challenge: "checked-by-the-route",
      nonce: "0",
    },
    now,
    config,
    keys,
  });
  if (!result.ok) throw new Error(result.message);
  const written = await writeBookingToCalendar({ bookingId: result.bookingId, config, keys });
  expect(written.status).toBe("confirmed");
  return result;
}

const readBooking = async (id: string) => (await db().select().from(bookings).where(eq(bookings.id, id)))[0];
const readHolds = (id: string) => db().select().from(bookingHolds).where(eq(bookingHolds.bookingId, id));
const itemsOf = (mailbox: string, bookingId: string) => findSimulatorBookingItems({ simulator, mailbox, bookingId });

describe("loadManagedBooking", () => {
  it("shows the booking to its token and refuses tampered, unknown and expired tokens", async () => {
    const page = await newPage({});
    const slot = await slotNear(page, now + 2 * DAY_MS);
    const booked = await bookAndWrite(page, slot.start);
    const loaded = await loadManagedBooking(booked.manageToken);
    expect(loaded).toMatchObject({
      ok: true,
      booking: {
        title: "Consultation",
        customerTimeZone: "Asia/Kolkata",
        hostNames: [alice.name],
        pageSlug: page.page.slug,
      },
    });
    expect(loaded.ok && loaded.booking.start.getTime()).toBe(slot.start);
    const last = booked.manageToken.at(-1) === "A" ? "B" : "A";
    expect(await loadManagedBooking(`${booked.manageToken.slice(0, -1)}${last}`)).toEqual({
      ok: false,
      reason: "invalid",
    });
    expect(await loadManagedBooking("not a token")).toEqual({ ok: false, reason: "invalid" });
    expect(await loadManagedBooking(booked.manageToken, new Date(slot.end))).toEqual({ ok: false, reason: "expired" });
    expect(
      await cancelBookingAsCustomer({ token: booked.manageToken, now: new Date(slot.end + 1), config, keys }),
    ).toEqual({ ok: false, reason: "expired" });
    expect(
      await rescheduleBooking({
        token: booked.manageToken,
        start: new Date(slot.start + DAY_MS),
        now: slot.end,
        config,
        keys,
      }),
    ).toEqual({
      ok: false,
      error: "expired",
    });
  });
});

describe("cancelBookingAsCustomer", () => {
  it("cancels: holds released, the slot offered again, the Exchange item cancelled, the link used", async () => {
    const page = await newPage({});
    const slot = await slotNear(page, now + 3 * DAY_MS);
    const booked = await bookAndWrite(page, slot.start);
    expect(await itemsOf("alice@contoso.test", booked.bookingId)).toHaveLength(1);

    const result = await cancelBookingAsCustomer({ token: booked.manageToken, reason: "Ill <today>", config, keys });
    expect(result).toEqual({ ok: true, calendar: "done" });
    const row = await readBooking(booked.bookingId);
    expect(row).toMatchObject({
      status: "cancelled",
      cancelReason: "Ill <today>",
      cancelledBy: "customer",
      icsSequence: 1,
      calendarPendingChange: null,
    });
    expect(row?.cancelledAt).toBeInstanceOf(Date);
    expect((await readHolds(booked.bookingId)).every((hold) => hold.released)).toBe(true);
    expect(await itemsOf("alice@contoso.test", booked.bookingId)).toHaveLength(0);
    const log = await readRequestLog(simulator);
    expect(log.some((r) => r.operation === "CreateItem")).toBe(true);
    expect((await offered(page, slot.start, 1)).some((s) => s.start === slot.start)).toBe(true);

    expect(await cancelBookingAsCustomer({ token: booked.manageToken, config, keys })).toEqual({
      ok: false,
      reason: "cancelled",
    });
    expect(await loadManagedBooking(booked.manageToken)).toEqual({ ok: false, reason: "cancelled" });
  });

  it("deletes the item (DeleteItem) when the page says delete_item", async () => {
    const page = await newPage({ cancellationMethod: "delete_item" });
    const slot = await slotNear(page, now + 4 * DAY_MS);
    const booked = await bookAndWrite(page, slot.start);
    const before = (await readRequestLog(simulator)).length;
    expect(await cancelBookingAsCustomer({ token: booked.manageToken, config, keys })).toMatchObject({ ok: true });
    const operations = (await readRequestLog(simulator)).slice(before).map((r) => r.operation);
    expect(operations).toContain("DeleteItem");
    expect(await itemsOf("alice@contoso.test", booked.bookingId)).toHaveLength(0);
  });

  it("keeps the cancel when Exchange is busy: the change stays pending for the job", async () => {
    const page = await newPage({});
    const slot = await slotNear(page, now + 5 * DAY_MS);
    const booked = await bookAndWrite(page, slot.start);
    await simulatorFault({ operation: "GetItem", times: 1 });
    const result = await cancelBooking({ bookingId: booked.bookingId, by: "host", reason: "Away", config, keys });
    expect(result).toMatchObject({ ok: true, calendar: "retry" });
    expect(await readBooking(booked.bookingId)).toMatchObject({ status: "cancelled", calendarPendingChange: "cancel" });
    expect(await itemsOf("alice@contoso.test", booked.bookingId)).toHaveLength(1);

    // The sweep finds it once its inline attempt is long past; the job then cancels the item.
    expect(await enqueuePendingChanges({ boss, now: new Date(Date.now() + 5 * 60_000) })).toBeGreaterThanOrEqual(1);
    const run = await runCalendarChangeJob({ boss, job: { bookingId: booked.bookingId, attempts: 1 }, config, keys });
    expect(run.outcome).toEqual({ status: "done" });
    expect(await readBooking(booked.bookingId)).toMatchObject({
      calendarPendingChange: null,
      calendarWriteError: null,
    });
    expect(await itemsOf("alice@contoso.test", booked.bookingId)).toHaveLength(0);
  });

  it("leaves Exchange alone when the calendar itself cancelled", async () => {
    const page = await newPage({});
    const slot = await slotNear(page, now + 5.5 * DAY_MS);
    const booked = await bookAndWrite(page, slot.start);
    const result = await cancelBooking({ bookingId: booked.bookingId, by: "calendar", reason: "Deleted in Outlook" });
    expect(result).toEqual({ ok: true, calendar: "not_needed" });
    expect(await itemsOf("alice@contoso.test", booked.bookingId)).toHaveLength(1);
    expect(await cancelBooking({ bookingId: booked.bookingId, by: "host" })).toEqual({
      ok: false,
      reason: "cancelled",
    });
  });
});

async function simulatorFault(input: { operation: string; times: number }) {
  const { callControl } = await import("@/ews-simulator/testing/test-simulator");
  await callControl({
    simulator,
    method: "POST",
    path: "/faults",
    body: { operation: input.operation, action: { kind: "server-busy", backOffMs: 30_000 }, times: input.times },
  });
}

describe("rescheduleBooking", () => {
  it("moves the booking: same Exchange item (UpdateItem), holds moved, old time offered again", async () => {
    const page = await newPage({});
    const slot = await slotNear(page, now + 6 * DAY_MS);
    const booked = await bookAndWrite(page, slot.start);
    const itemId = (await readBooking(booked.bookingId))?.exchangeItemId;
    const target = (await slotNear(page, slot.start + 3 * HOUR_MS)).start;

    const before = (await readRequestLog(simulator)).length;
    const result = await rescheduleBooking({ token: booked.manageToken, start: new Date(target), now, config, keys });
    expect(result).toMatchObject({ ok: true, calendar: "done" });
    expect((await readRequestLog(simulator)).slice(before).map((r) => r.operation)).toContain("UpdateItem");
    const row = await readBooking(booked.bookingId);
    expect(row).toMatchObject({
      exchangeItemId: itemId,
      icsSequence: 1,
      calendarPendingChange: null,
      status: "confirmed",
    });
    expect(row?.startsAt.getTime()).toBe(target);
    const items = await itemsOf("alice@contoso.test", booked.bookingId);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ id: itemId, start: new Date(target).toISOString().replace(".000Z", "Z") });
    const holds = await readHolds(booked.bookingId);
    expect(holds).toHaveLength(1);
    expect(holds[0]?.released).toBe(false);
    const free = await offered(page, slot.start, 1);
    expect(free.some((s) => s.start === slot.start)).toBe(true);
    expect(free.some((s) => s.start === target)).toBe(false);
    expect(await loadManagedBooking(booked.manageToken)).toMatchObject({ ok: true });
  });

  it("refuses a time another booking holds (409 material) and a time that is no slot", async () => {
    const page = await newPage({});
    const slot = await slotNear(page, now + 7 * DAY_MS);
    const first = await bookAndWrite(page, slot.start);
    const second = await bookAndWrite(page, (await slotNear(page, slot.start + 2 * HOUR_MS)).start);
    const taken = await rescheduleBooking({ token: first.manageToken, start: second.start, now, config, keys });
    expect(taken).toMatchObject({ ok: false, error: "slot_taken" });
    const odd = await rescheduleBooking({
      token: first.manageToken,
      start: new Date(slot.start + 7 * 60_000),
      now,
      config,
      keys,
    });
    expect(odd).toMatchObject({ ok: false, error: "slot_taken" });
    expect((await readBooking(first.bookingId))?.startsAt.getTime()).toBe(slot.start);
    expect(await rescheduleBooking({ token: first.manageToken, start: first.start, now, config, keys })).toMatchObject({
      ok: false,
      error: "same_time",
    });
  });

  it("lets exactly one of two customers racing for one time have it", async () => {
    const page = await newPage({});
    const slot = await slotNear(page, now + 8 * DAY_MS);
    const first = await bookAndWrite(page, slot.start);
    const second = await bookAndWrite(page, (await slotNear(page, slot.start + 2 * HOUR_MS)).start);
    const target = new Date((await slotNear(page, second.start.getTime() + 2 * HOUR_MS)).start);
    const results = await Promise.all(
      [first, second].map((b) => rescheduleBooking({ token: b.manageToken, start: target, now, config, keys })),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.error === "slot_taken")).toHaveLength(1);
  });

  it("keeps a round-robin booking's host when free, else gives it to the free host with a new item", async () => {
    const page = await newPage({ hosts: [alice, bob], schedulingType: "round_robin" });
    const slot = await slotNear(page, now + 9 * DAY_MS);
    const booked = await bookAndWrite(page, slot.start);
    const host = (await readBooking(booked.bookingId))?.organiserUserId;
    const [hostUser, otherUser] = host === alice.userId ? [alice, bob] : [bob, alice];
    const hostMailbox = hostUser.email;
    const otherMailbox = otherUser.email;

    // A time the host is free (their own single page offers it): a round-robin slot near it may be one
    // only the other host has free, depending on what the seeded calendars hold that week.
    const hostAlone = await newPage({ hosts: [hostUser] });
    const kept = await rescheduleBooking({
      token: booked.manageToken,
      start: new Date((await slotNear(hostAlone, slot.start + 2 * HOUR_MS)).start),
      now,
      config,
      keys,
    });
    expect(kept).toMatchObject({ ok: true });
    expect((await readBooking(booked.bookingId))?.organiserUserId).toBe(host);
    expect(await itemsOf(hostMailbox, booked.bookingId)).toHaveLength(1);

    // The host's time is taken by another booking (of a single page of theirs): the other host takes it.
    const blockerPage = await newPage({ hosts: [hostUser] });
    const both = (await offered(page, slot.start + 5 * HOUR_MS, 3)).find((s) => s.hostIds.length === 2);
    if (!both) throw new Error("no slot with both hosts free");
    const target = both.start;
    await bookAndWrite(blockerPage, target);
    const moved = await rescheduleBooking({ token: booked.manageToken, start: new Date(target), now, config, keys });
    expect(moved).toMatchObject({ ok: true, calendar: "done" });
    const row = await readBooking(booked.bookingId);
    expect(row).toMatchObject({
      organiserUserId: otherUser.userId,
      status: "confirmed",
      exchangeMailbox: otherMailbox,
    });
    expect(await itemsOf(hostMailbox, booked.bookingId)).toHaveLength(0);
    expect(await itemsOf(otherMailbox, booked.bookingId)).toHaveLength(1);
    const holds = await readHolds(booked.bookingId);
    expect(holds.map((h) => h.hostUserId)).toEqual([otherUser.userId]);
  });
});
