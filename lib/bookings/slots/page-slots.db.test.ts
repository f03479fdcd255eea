import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callControl, setUpTestSimulator } from "@/ews-simulator/testing/test-simulator";
import type { CurrentUser } from "@/lib/auth/session";
import { fetchTeamFreeBusy } from "@/lib/availability/fetch-team-free-busy";
import { SIM_PASSWORD, simulatorConfig, testKeys } from "@/lib/calendars/test-helpers";
import { createTestDatabase } from "@/lib/db/testing";
import { addMember } from "@/lib/organisations/test-helpers";
import { DAY_MS, MINUTE_MS } from "@/lib/scheduling/zone-clock";
import { insertBookingPage, reserveTestBooking, setUpBookingOrganisation } from "../test-helpers";
import { loadBookablePage } from "./bookable-page";
import { computePageSlots } from "./page-slots";

let database: Awaited<ReturnType<typeof createTestDatabase>>;
const simulator = setUpTestSimulator();
const keys = testKeys();
const config = simulatorConfig();
let owner: CurrentUser;
let alice: CurrentUser;
let bob: CurrentUser;

const now = Date.now();
const window = { start: now, end: now + 14 * DAY_MS };

async function busyOf(mailbox: string) {
  const result = await fetchTeamFreeBusy({
    ewsUrl: simulator.listeners.valid.url,
    account: { username: `CONTOSO\\${mailbox.split("@")[0]}`, password: SIM_PASSWORD, authMethod: "auto" },
    caPem: simulator.caPem,
    config,
    mailboxes: [mailbox],
    window: { start: new Date(window.start - DAY_MS), end: new Date(window.end + DAY_MS) },
  });
  if (!result.ok || result.members[0]?.status !== "ok") throw new Error(`no free/busy for ${mailbox}`);
  return result.members[0].busy.map((b) => ({ start: Date.parse(b.start), end: Date.parse(b.end), status: b.status }));
}

const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) =>
  a.start < b.end && b.start < a.end;

async function slotsFor(slug: string, extra: { window?: typeof window } = {}) {
  const bookable = await loadBookablePage(slug);
  if (!bookable) throw new Error("page not found");
  return computePageSlots({ bookable, window: extra.window ?? window, now, config, keys });
}

beforeAll(async () => {
  database = await createTestDatabase();
  ({ owner, alice, bob } = await setUpBookingOrganisation({ simulator, config, keys }));
});
afterAll(async () => {
  await database?.drop();
});

describe("computePageSlots", () => {
  it("offers a single host's free office hours, clear of every busy block and its buffers", async () => {
    const page = await insertBookingPage({
      owner,
      hosts: [{ user: alice, timeZone: "Europe/London" }],
      page: { bufferBeforeMinutes: 10, bufferAfterMinutes: 15 },
    });
    const result = await slotsFor(page.slug);
    if (!result.ok) throw new Error(result.message);
    expect(result.slots.length).toBeGreaterThan(20);
    const busy = await busyOf("alice@contoso.test");
    expect(busy.length).toBeGreaterThan(0);
    for (const slot of result.slots) {
      const local = DateTime.fromMillis(slot.start, { zone: "Europe/London" });
      expect(local.weekday).toBeLessThanOrEqual(5);
      expect(local.hour * 60 + local.minute).toBeGreaterThanOrEqual(9 * 60);
      expect(local.hour * 60 + local.minute + 30).toBeLessThanOrEqual(17 * 60);
      const guarded = { start: slot.start - 10 * MINUTE_MS, end: slot.end + 15 * MINUTE_MS };
      for (const block of busy) expect(overlaps(guarded, block), JSON.stringify({ slot, block })).toBe(false);
      expect(slot.hostIds).toEqual([alice.userId]);
    }
  });

  it("leaves out the time held by an existing booking, buffers included", async () => {
    const page = await insertBookingPage({
      owner,
      hosts: [{ user: alice, timeZone: "Europe/London" }],
      page: { bufferAfterMinutes: 30 },
    });
    const before = await slotsFor(page.slug);
    if (!before.ok) throw new Error(before.message);
    const taken = before.slots[3];
    if (!taken) throw new Error("not enough slots");
    await reserveTestBooking({
      page,
      hosts: [alice],
      start: new Date(taken.start),
      end: new Date(taken.end),
      bufferAfterMinutes: 30,
      customer: { name: "Cara", timeZone: "Europe/Berlin" },
    });
    const after = await slotsFor(page.slug);
    if (!after.ok) throw new Error(after.message);
    const held = { start: taken.start, end: taken.end + 30 * MINUTE_MS };
    expect(after.slots.some((slot) => slot.start === taken.start)).toBe(false);
    for (const slot of after.slots)
      expect(overlaps({ start: slot.start, end: slot.end + 30 * MINUTE_MS }, held)).toBe(false);
    expect(after.slots.length).toBeLessThan(before.slots.length);
  });

  it("needs every host free on a collective page, and any one on a round-robin page", async () => {
    const hosts = [
      { user: alice, timeZone: "Europe/London" },
      { user: bob, timeZone: "America/New_York" },
    ];
    const collective = await insertBookingPage({ owner, hosts, schedulingType: "collective" });
    const roundRobin = await insertBookingPage({ owner, hosts, schedulingType: "round_robin" });
    const [both, either] = await Promise.all([slotsFor(collective.slug), slotsFor(roundRobin.slug)]);
    if (!both.ok || !either.ok) throw new Error("lookup failed");
    const [aliceBusy, bobBusy] = await Promise.all([busyOf("alice@contoso.test"), busyOf("bob@contoso.test")]);
    expect(both.slots.length).toBeGreaterThan(0);
    for (const slot of both.slots) {
      expect(slot.hostIds).toHaveLength(2);
      for (const block of [...aliceBusy, ...bobBusy]) expect(overlaps(slot, block)).toBe(false);
    }
    // Round robin offers everything collective does, and more: times when only one of them is free.
    const offered = new Set(either.slots.map((slot) => slot.start));
    for (const slot of both.slots) expect(offered.has(slot.start)).toBe(true);
    expect(either.slots.length).toBeGreaterThan(both.slots.length);
    expect(either.slots.some((slot) => slot.hostIds.length === 1)).toBe(true);
  });

  it("uses the host's Exchange working hours when asked, in the zone Exchange states", async () => {
    // The page's own hours say Saturday mornings; Alice's Exchange says weekdays 09:00–17:30 in London.
    const saturday = [{ day: 6, startMinute: 600, endMinute: 720 }];
    const page = await insertBookingPage({
      owner,
      hosts: [{ user: alice, timeZone: "Europe/London", weeklyHours: saturday, useExchangeWorkingHours: true }],
    });
    const result = await slotsFor(page.slug);
    if (!result.ok) throw new Error(result.message);
    expect(result.slots.length).toBeGreaterThan(0);
    for (const slot of result.slots) {
      const local = DateTime.fromMillis(slot.start, { zone: "Europe/London" });
      expect(local.weekday).toBeLessThanOrEqual(5);
      expect(local.hour * 60 + local.minute).toBeGreaterThanOrEqual(9 * 60);
      expect(local.hour * 60 + local.minute + 30).toBeLessThanOrEqual(17 * 60 + 30);
    }
    const fallback = await insertBookingPage({
      owner,
      hosts: [{ user: alice, timeZone: "Europe/London", weeklyHours: saturday, useExchangeWorkingHours: false }],
    });
    const own = await slotsFor(fallback.slug);
    if (!own.ok) throw new Error(own.message);
    for (const slot of own.slots) expect(DateTime.fromMillis(slot.start, { zone: "Europe/London" }).weekday).toBe(6);
  });

  it("says the calendar is unavailable when Exchange cannot be reached, instead of offering guesses", async () => {
    const page = await insertBookingPage({ owner, hosts: [{ user: alice, timeZone: "Europe/London" }] });
    await callControl({
      simulator,
      method: "POST",
      path: "/faults",
      body: { operation: "GetUserAvailability", action: { kind: "http-error", status: 503 } },
    });
    const result = await slotsFor(page.slug);
    expect(result).toMatchObject({ ok: false, reason: "calendar_unavailable" });
  });

  it("offers no slots for a host without a connected calendar", async () => {
    const newcomer = await addMember(owner, "member");
    const page = await insertBookingPage({ owner, hosts: [{ user: newcomer, timeZone: "UTC" }] });
    expect(await slotsFor(page.slug)).toMatchObject({ ok: false, reason: "calendar_unavailable" });
  });
});
