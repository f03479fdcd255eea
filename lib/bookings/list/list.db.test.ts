import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CurrentUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { bookingPages, bookings, users } from "@/lib/db/schema";
import { createTestDatabase } from "@/lib/db/testing";
import { addMember, newOrganisation } from "@/lib/organisations/test-helpers";
import { reserveTestBooking } from "../test-helpers";
import { exportBookings } from "./export";
import { type BookingListFilters, EXPORT_LIMIT, loadBookings, loadBookingsForExport } from "./list";
import { findBookingActorMayCancel } from "./list-access";
import { cancelBookingFromList } from "./list-cancel";
import { loadBookingFilterOptions } from "./list-options";
import { BOOKINGS_PER_PAGE, parseBookingListQuery, toBookingListFilters } from "./list-query";

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let owner: CurrentUser;
let host: CurrentUser;
let colleague: CurrentUser;
let stranger: CurrentUser;
let introPageId: string;
let demoPageId: string;
let strangerPageId: string;
const ids = { hostUpcoming: "", colleagueUpcoming: "", collective: "", hostPast: "", stranger: "" };
const now = new Date("2030-03-04T12:00:00Z");
const upcoming: BookingListFilters = { when: "upcoming" };
const past: BookingListFilters = { when: "past" };

async function newPage(input: { actor: CurrentUser; title: string }) {
  const [page] = await db()
    .insert(bookingPages)
    .values({
      organisationId: input.actor.organisationId,
      slug: `p-${Math.random().toString(36).slice(2, 10)}`,
      title: input.title,
      durationMinutes: 30,
    })
    .returning();
  if (!page) throw new Error("no page");
  return page;
}

async function bookFor(input: {
  hosts: CurrentUser[];
  pageId: string;
  start: string;
  customer?: string;
  email?: string;
}) {
  const [page] = await db().select().from(bookingPages).where(eq(bookingPages.id, input.pageId));
  if (!page) throw new Error("no page");
  const { bookingId } = await reserveTestBooking({
    page,
    hosts: input.hosts,
    start: new Date(input.start),
    customer: { name: input.customer ?? "Cara", email: input.email ?? "cara@example.com" },
  });
  return bookingId;
}

const starts = (items: Array<{ start: Date }>) => items.map((b) => b.start.toISOString());

beforeAll(async () => {
  database = await createTestDatabase();
  owner = await newOrganisation();
  host = await addMember(owner, "member");
  colleague = await addMember(owner, "member");
  await db().update(users).set({ name: "Hugo Host" }).where(eq(users.id, host.userId));
  await db().update(users).set({ name: "Cleo Colleague" }).where(eq(users.id, colleague.userId));
  stranger = await newOrganisation();
  introPageId = (await newPage({ actor: owner, title: "Intro" })).id;
  demoPageId = (await newPage({ actor: owner, title: "Product demo" })).id;
  strangerPageId = (await newPage({ actor: stranger, title: "Intro" })).id;

  ids.hostUpcoming = await bookFor({ hosts: [host], pageId: introPageId, start: "2030-03-05T09:00:00Z" });
  ids.colleagueUpcoming = await bookFor({
    hosts: [colleague],
    pageId: demoPageId,
    start: "2030-03-05T10:00:00Z",
    customer: "Dmitri 100%_Sure",
    email: "dmitri@corp.example",
  });
  ids.collective = await bookFor({
    hosts: [colleague, host],
    pageId: demoPageId,
    start: "2030-03-06T10:00:00Z",
    customer: "Eve Both",
    email: "EVE@Example.com",
  });
  ids.hostPast = await bookFor({ hosts: [host], pageId: introPageId, start: "2030-03-01T09:00:00Z" });
  ids.stranger = await bookFor({
    hosts: [stranger],
    pageId: strangerPageId,
    start: "2030-03-05T09:00:00Z",
  });
  await db().update(bookings).set({ status: "confirmed" }).where(eq(bookings.id, ids.hostUpcoming));
  await db()
    .update(bookings)
    .set({ status: "write_failed", calendarWriteError: "The password was refused." })
    .where(eq(bookings.id, ids.colleagueUpcoming));
  await db()
    .update(bookings)
    .set({
      status: "cancelled",
      cancelledAt: new Date("2030-03-03T08:00:00Z"),
      cancelReason: "Ill",
      cancelledBy: "host",
      exchangeItemMissingSince: new Date("2030-03-03T07:00:00Z"),
    })
    .where(eq(bookings.id, ids.collective));
});
afterAll(async () => {
  await database?.drop();
});

describe("loadBookings", () => {
  it("shows admins every booking of their organisation, and nothing of another", async () => {
    const list = await loadBookings({ actor: owner, filters: upcoming, now });
    expect(starts(list.items)).toEqual([
      "2030-03-05T09:00:00.000Z",
      "2030-03-05T10:00:00.000Z",
      "2030-03-06T10:00:00.000Z",
    ]);
    expect(list.hasNext).toBe(false);
    expect(list.items.map((b) => b.id)).not.toContain(ids.stranger);
    expect(starts((await loadBookings({ actor: owner, filters: past, now })).items)).toEqual([
      "2030-03-01T09:00:00.000Z",
    ]);
    expect((await loadBookings({ actor: stranger, filters: upcoming, now })).items.map((b) => b.id)).toEqual([
      ids.stranger,
    ]);
  });

  it("shows members only the bookings they host, collective ones included, whatever host they ask for", async () => {
    const mine = await loadBookings({ actor: host, filters: upcoming, now });
    expect(mine.items.map((b) => b.id)).toEqual([ids.hostUpcoming, ids.collective]);
    expect(mine.items[0]?.organiserName).toBe("Hugo Host");
    // A member's host filter is not honoured: it never widens (or swaps) their scope.
    const forged = await loadBookings({ actor: host, filters: { ...upcoming, hostUserId: colleague.userId }, now });
    expect(forged.items.map((b) => b.id)).toEqual([ids.hostUpcoming, ids.collective]);
    expect((await loadBookings({ actor: colleague, filters: past, now })).items).toHaveLength(0);
  });

  it("names every host, the organiser first, and carries status, failure, flag and cancellation", async () => {
    const { items } = await loadBookings({ actor: owner, filters: upcoming, now });
    const collective = items.find((b) => b.id === ids.collective);
    expect(collective).toMatchObject({
      hostNames: "Cleo Colleague, Hugo Host",
      status: "cancelled",
      cancelReason: "Ill",
      cancelledAt: new Date("2030-03-03T08:00:00Z"),
      exchangeItemMissingSince: new Date("2030-03-03T07:00:00Z"),
    });
    expect(items.find((b) => b.id === ids.colleagueUpcoming)).toMatchObject({
      status: "write_failed",
      calendarWriteError: "The password was refused.",
      exchangeItemMissingSince: null,
    });
  });

  it("filters by status, page and (for admins) host", async () => {
    const ids0 = async (filters: Partial<BookingListFilters>) =>
      (await loadBookings({ actor: owner, filters: { ...upcoming, ...filters }, now })).items.map((b) => b.id);
    expect(await ids0({ status: "confirmed" })).toEqual([ids.hostUpcoming]);
    expect(await ids0({ status: "write_failed" })).toEqual([ids.colleagueUpcoming]);
    expect(await ids0({ status: "cancelled" })).toEqual([ids.collective]);
    expect(await ids0({ status: "write_pending" })).toEqual([]);
    expect(await ids0({ pageId: demoPageId })).toEqual([ids.colleagueUpcoming, ids.collective]);
    expect(await ids0({ pageId: strangerPageId })).toEqual([]);
    expect(await ids0({ hostUserId: host.userId })).toEqual([ids.hostUpcoming, ids.collective]);
    expect(await ids0({ hostUserId: colleague.userId, status: "write_failed" })).toEqual([ids.colleagueUpcoming]);
    expect(await ids0({ hostUserId: stranger.userId })).toEqual([]);
  });

  it("searches customer name, email and page title case-insensitively, LIKE characters taken literally", async () => {
    const ids0 = async (search: string, actor = owner) =>
      (await loadBookings({ actor, filters: { ...upcoming, search }, now })).items.map((b) => b.id);
    expect(await ids0("eve@example")).toEqual([ids.collective]);
    expect(await ids0("DMITRI")).toEqual([ids.colleagueUpcoming]);
    expect(await ids0("product")).toEqual([ids.colleagueUpcoming, ids.collective]);
    expect(await ids0("100%_s")).toEqual([ids.colleagueUpcoming]);
    expect(await ids0("%")).toEqual([ids.colleagueUpcoming]);
    expect(await ids0("_")).toEqual([ids.colleagueUpcoming]);
    expect(await ids0("' or 1=1 --")).toEqual([]);
    // A member's search stays inside their own bookings.
    expect(await ids0("dmitri", host)).toEqual([]);
  });

  it("pages through many bookings without gaps or repeats", async () => {
    const pageId = (await newPage({ actor: owner, title: "Busy" })).id;
    const made: string[] = [];
    for (let i = 0; i < BOOKINGS_PER_PAGE + 5; i++) {
      const start = new Date(Date.UTC(2030, 3, 1, 0, 0) + i * 60 * 60_000).toISOString();
      made.push(await bookFor({ hosts: [colleague], pageId, start }));
    }
    const filters = { ...upcoming, pageId };
    const first = await loadBookings({ actor: owner, filters, now, page: 1 });
    const second = await loadBookings({ actor: owner, filters, now, page: 2 });
    const third = await loadBookings({ actor: owner, filters, now, page: 3 });
    expect(first.items).toHaveLength(BOOKINGS_PER_PAGE);
    expect(first.hasNext).toBe(true);
    expect(second.items).toHaveLength(5);
    expect(second.hasNext).toBe(false);
    expect(third.items).toEqual([]);
    expect([...first.items, ...second.items].map((b) => b.id)).toEqual(made);
    const exported = await loadBookingsForExport({ actor: owner, filters, now });
    expect(exported.map((b) => b.id)).toEqual(made);
    expect(EXPORT_LIMIT).toBeGreaterThan(made.length);
    await db().delete(bookings).where(inArray(bookings.id, made));
  });
});

describe("loadBookingsForExport", () => {
  it("applies the same scope and filters as the list", async () => {
    const rows = await loadBookingsForExport({ actor: host, filters: { ...upcoming, status: "cancelled" }, now });
    expect(rows.map((b) => b.id)).toEqual([ids.collective]);
    expect(await loadBookingsForExport({ actor: colleague, filters: { ...past }, now })).toEqual([]);
  });
});

describe("a search in the address", () => {
  it("with a NUL byte never reaches Postgres: the page drops it and names it, the export refuses it", async () => {
    const parsed = parseBookingListQuery(Object.fromEntries(new URLSearchParams("q=%00")));
    expect(parsed.problem).toMatch(/\(search\)/);
    const filters = toBookingListFilters({ query: parsed.query, role: owner.role });
    expect(filters.search).toBeUndefined();
    await expect(loadBookings({ actor: owner, filters, now })).resolves.toMatchObject({ hasNext: false });
    for (const search of ["q=%00", "q=cara%00", "q=%1B%5B31m", "q=a%0Ab"]) {
      const exported = await exportBookings({ actor: owner, searchParams: new URLSearchParams(search), now });
      expect(exported, search).toEqual({ ok: false, message: expect.stringMatching(/could not be read.*\(search\)/) });
    }
  });

  it("exports what the page lists, LIKE characters taken literally", async () => {
    const exported = await exportBookings({
      actor: owner,
      searchParams: new URLSearchParams("q=100%25_s&tab=upcoming"),
      now,
    });
    if (!exported.ok) throw new Error(exported.message);
    expect(exported.filename).toBe("bookings-upcoming-2030-03-04.csv");
    expect(
      exported.csv
        .trim()
        .split("\n")
        .slice(1)
        .map((line) => line.split(",")[0]),
    ).toEqual([ids.colleagueUpcoming]);
  });
});

describe("loadBookingFilterOptions", () => {
  it("offers admins the organisation's pages with bookings and its members", async () => {
    const options = await loadBookingFilterOptions({ actor: owner });
    expect(options.pages.map((p) => p.title)).toEqual(["Intro", "Product demo"]);
    expect(options.hosts?.map((h) => h.name).sort()).toEqual(["Cleo Colleague", "Hugo Host", "Owner"]);
  });

  it("offers members only pages of bookings they host, and no host filter", async () => {
    expect(await loadBookingFilterOptions({ actor: colleague })).toEqual({
      pages: [{ id: demoPageId, title: "Product demo" }],
      hosts: null,
    });
  });
});

describe("findBookingActorMayCancel", () => {
  it("lets admins and the booking's hosts, and nobody else, act on it", async () => {
    const bookingId = ids.colleagueUpcoming;
    expect(await findBookingActorMayCancel({ actor: owner, bookingId })).toEqual({
      id: bookingId,
      status: "write_failed",
      end: new Date("2030-03-05T10:30:00Z"),
    });
    expect(await findBookingActorMayCancel({ actor: colleague, bookingId })).not.toBeNull();
    expect(await findBookingActorMayCancel({ actor: host, bookingId })).toBeNull();
    expect(await findBookingActorMayCancel({ actor: stranger, bookingId })).toBeNull();
    expect(await findBookingActorMayCancel({ actor: host, bookingId: ids.collective })).not.toBeNull();
  });
});

describe("cancelBookingFromList", () => {
  it("cancels for the booking's host with the reason, and refuses anyone else as not found", async () => {
    const pageId = (await newPage({ actor: owner, title: "Cancel me" })).id;
    const bookingId = await bookFor({ hosts: [host], pageId, start: "2030-05-01T09:00:00Z" });
    const reason = "Host is ill";
    await expect(cancelBookingFromList({ actor: colleague, bookingId, reason, now })).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(cancelBookingFromList({ actor: stranger, bookingId, reason, now })).rejects.toMatchObject({
      code: "not_found",
    });
    expect((await db().select().from(bookings).where(eq(bookings.id, bookingId)))[0]?.status).toBe("write_pending");

    await cancelBookingFromList({ actor: host, bookingId, reason, now });
    const [row] = await db().select().from(bookings).where(eq(bookings.id, bookingId));
    expect(row).toMatchObject({ status: "cancelled", cancelReason: reason, cancelledBy: "host", cancelledAt: now });
    await expect(cancelBookingFromList({ actor: owner, bookingId, reason, now })).rejects.toMatchObject({
      code: "conflict",
    });
  });

  it("refuses a meeting that is over", async () => {
    await expect(
      cancelBookingFromList({ actor: owner, bookingId: ids.hostPast, reason: "Too late", now }),
    ).rejects.toMatchObject({ code: "conflict", message: "This meeting is already over." });
  });
});
