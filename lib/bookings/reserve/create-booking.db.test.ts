import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setUpTestSimulator } from "@/ews-simulator/testing/test-simulator";
import type { CurrentUser } from "@/lib/auth/session";
import type { BookingRequest } from "@/lib/bookings/public";
import { type BookablePage, computePageSlots, loadBookablePage } from "@/lib/bookings/slots";
import { simulatorConfig, testKeys } from "@/lib/calendars/test-helpers";
import { db } from "@/lib/db";
import { bookingHolds, bookings } from "@/lib/db/schema";
import { createTestDatabase } from "@/lib/db/testing";
import { DAY_MS } from "@/lib/scheduling/zone-clock";
import { ALL_WEEK, insertBookingPage, setUpBookingOrganisation } from "../test-helpers";
import { createBooking } from "./create-booking";

let database: Awaited<ReturnType<typeof createTestDatabase>>;
const simulator = setUpTestSimulator();
const config = simulatorConfig();
const keys = testKeys();
let owner: CurrentUser;
let alice: CurrentUser;
let bob: CurrentUser;
const now = Date.now();

async function bookable(slug: string): Promise<BookablePage> {
  const found = await loadBookablePage(slug);
  if (!found) throw new Error("page not found");
  return found;
}

async function offered(page: BookablePage) {
  const result = await computePageSlots({
    bookable: page,
    window: { start: now, end: now + 10 * DAY_MS },
    now,
    config,
    keys,
  });
  if (!result.ok) throw new Error(result.message);
  return result.slots;
}

const request = (start: number, patch: Partial<BookingRequest> = {}): BookingRequest => ({
  start: new Date(start),
  name: "Cara Customer",
  email: "cara@example.com",
  timeZone: "Asia/Kolkata",
  challenge: "checked-by-the-route",
  nonce: "0",
  ...patch,
});

const book = (page: BookablePage, start: number, patch: Partial<BookingRequest> = {}) =>
  createBooking({ bookable: page, request: request(start, patch), now, config, keys });

beforeAll(async () => {
  database = await createTestDatabase();
  ({ owner, alice, bob } = await setUpBookingOrganisation({ simulator, config, keys }));
});
afterAll(async () => {
  await database?.drop();
});

describe("createBooking", () => {
  it("books an offered slot, holds the host's time, and stops offering it", async () => {
    const page = await bookable(
      (await insertBookingPage({ owner, hosts: [{ user: alice, timeZone: "Europe/London" }] })).slug,
    );
    const [slot] = await offered(page);
    if (!slot) throw new Error("no slots");
    const result = await book(page, slot.start);
    if (!result.ok) throw new Error(result.message);
    expect(result.start.getTime()).toBe(slot.start);
    expect(result.manageToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const [row] = await db().select().from(bookings).where(eq(bookings.id, result.bookingId));
    expect(row).toMatchObject({
      status: "write_pending",
      organiserUserId: alice.userId,
      customerTimeZone: "Asia/Kolkata",
    });
    expect(row?.manageTokenHash).not.toBe(result.manageToken);
    expect((await offered(page)).some((s) => s.start === slot.start)).toBe(false);
  });

  it("refuses a time that is not an offered slot", async () => {
    const page = await bookable(
      (await insertBookingPage({ owner, hosts: [{ user: alice, timeZone: "Europe/London" }] })).slug,
    );
    const [slot] = await offered(page);
    if (!slot) throw new Error("no slots");
    expect(await book(page, slot.start + 7 * 60_000)).toMatchObject({ ok: false, error: "slot_taken" });
    expect(await book(page, now - DAY_MS)).toMatchObject({ ok: false, error: "slot_taken" });
  });

  it("lets exactly one of 50 simultaneous bookings of one slot through", async () => {
    const page = await bookable(
      (await insertBookingPage({ owner, hosts: [{ user: alice, timeZone: "Europe/London" }] })).slug,
    );
    const slot = (await offered(page))[5];
    if (!slot) throw new Error("no slots");
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => book(page, slot.start, { email: `racer${i}@example.com` })),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.error === "slot_taken")).toHaveLength(49);
    const holds = await db().select().from(bookingHolds).where(eq(bookingHolds.hostUserId, alice.userId));
    const starting = holds.filter((h) =>
      h.blockedDuring.includes(new Date(slot.start).toISOString().slice(0, 16).replace("T", " ")),
    );
    expect(starting).toHaveLength(1);
  });

  it("spreads round-robin bookings: the same time goes to the other host, and the least recently booked goes next", async () => {
    const page = await bookable(
      (
        await insertBookingPage({
          owner,
          schedulingType: "round_robin",
          hosts: [
            { user: alice, timeZone: "UTC", weeklyHours: ALL_WEEK },
            { user: bob, timeZone: "UTC", weeklyHours: ALL_WEEK },
          ],
        })
      ).slug,
    );
    const both = (await offered(page)).filter((s) => s.hostIds.length === 2);
    const [first, second] = both;
    if (!first || !second) throw new Error("no shared slots");
    const one = await book(page, first.start, { email: "one@example.com" });
    const two = await book(page, first.start, { email: "two@example.com" });
    const three = await book(page, first.start, { email: "three@example.com" });
    if (!one.ok || !two.ok) throw new Error("round robin refused a free host");
    expect(three).toMatchObject({ ok: false, error: "slot_taken" });
    const organisers = async (id: string) =>
      (await db().select().from(bookings).where(eq(bookings.id, id)))[0]?.organiserUserId;
    const firstHost = await organisers(one.bookingId);
    expect(await organisers(two.bookingId)).not.toBe(firstHost);
    // Both have now been booked once; the one booked longer ago (the first) takes the next booking.
    const reloaded = await bookable(page.page.slug);
    const four = await createBooking({
      bookable: reloaded,
      request: request(second.start),
      now: now + 1,
      config,
      keys,
    });
    if (!four.ok) throw new Error(four.message);
    expect(await organisers(four.bookingId)).toBe(firstHost);
  });

  it("holds every host of a collective booking", async () => {
    const page = await bookable(
      (
        await insertBookingPage({
          owner,
          schedulingType: "collective",
          hosts: [
            { user: alice, timeZone: "UTC", weeklyHours: ALL_WEEK },
            { user: bob, timeZone: "UTC", weeklyHours: ALL_WEEK },
          ],
        })
      ).slug,
    );
    const [slot] = await offered(page);
    if (!slot) throw new Error("no slots");
    const result = await book(page, slot.start);
    if (!result.ok) throw new Error(result.message);
    const holds = await db().select().from(bookingHolds).where(eq(bookingHolds.bookingId, result.bookingId));
    expect(holds.map((h) => h.hostUserId).sort()).toEqual([alice.userId, bob.userId].sort());
  });

  it("asks for the page's required answers and keeps only answers to its questions", async () => {
    const page = await bookable(
      (
        await insertBookingPage({
          owner,
          hosts: [{ user: alice, timeZone: "Europe/London" }],
          page: { questions: [{ id: "company", label: "Company", required: true }] },
        })
      ).slug,
    );
    const [slot] = await offered(page);
    if (!slot) throw new Error("no slots");
    expect(await book(page, slot.start)).toMatchObject({
      ok: false,
      error: "invalid_input",
      fieldErrors: { "answers.company": ['Please answer "Company".'] },
    });
    const result = await book(page, slot.start, { answers: { company: "Contoso", sneaky: "x" } });
    if (!result.ok) throw new Error(result.message);
    const [row] = await db().select().from(bookings).where(eq(bookings.id, result.bookingId));
    expect(row?.answers).toEqual({ company: "Contoso" });
  });
});
