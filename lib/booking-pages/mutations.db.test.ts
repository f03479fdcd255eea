import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setUpTestSimulator } from "@/ews-simulator/testing/test-simulator";
import type { CurrentUser } from "@/lib/auth/session";
import { connectSimulatorMailbox } from "@/lib/bookings/test-helpers";
import { addOrganisationCa } from "@/lib/calendars/certificate-authorities";
import { simulatorConfig, testKeys } from "@/lib/calendars/test-helpers";
import { db } from "@/lib/db";
import { bookingPageDateOverrides, bookingPageHosts, bookingPages } from "@/lib/db/schema";
import { createTestDatabase } from "@/lib/db/testing";
import { addMember, newOrganisation } from "@/lib/organisations/test-helpers";
import { getBookingPageForEditing, listBookingPages } from "./data";
import {
  createBookingPage,
  deleteBookingPage,
  removeDateOverride,
  setBookingPageHosts,
  setBookingPagePublished,
  setDateOverride,
  updateBookingPageBasics,
  updateBookingPageRules,
} from "./mutations";
import { basicsSchema, createPageSchema, hostsSchema, rulesSchema } from "./schema";

let database: Awaited<ReturnType<typeof createTestDatabase>>;
const simulator = setUpTestSimulator();
const keys = testKeys();
const config = simulatorConfig();
let owner: CurrentUser;
let alice: CurrentUser;
let bob: CurrentUser;
let chloe: CurrentUser; // a member without a calendar
let outsider: CurrentUser; // owner of another organisation, with a calendar

let counter = 0;
const slug = () => `page-${Date.now().toString(36)}-${counter++}`;

/** Parses like the forms do: what the actions hand to the mutations. */
const createInput = (hostUserId: string, extra: Record<string, string> = {}) =>
  createPageSchema.parse({
    title: "Consultation",
    slug: slug(),
    description: "",
    durationMinutes: "30",
    slotIntervalMinutes: "",
    locationKind: "link_to_follow",
    location: "",
    questions: "Company\nPhone *",
    hostUserId,
    hostTimeZone: "Europe/Berlin",
    ...extra,
  });

const rulesRaw = (extra: Record<string, string> = {}) => ({
  bufferBeforeMinutes: "10",
  bufferAfterMinutes: "5",
  minimumNoticeMinutes: "240",
  horizonDays: "30",
  dailyLimit: "4",
  blockTentative: "on",
  sendInvitations: "on",
  cancellationMethod: "delete_item",
  language: "de",
  reminderMinutes: "60, 1440",
  ...extra,
});

const rulesInput = (extra: Record<string, string> = {}) => rulesSchema.parse(rulesRaw(extra));

const hostsInput = (schedulingType: string, hosts: unknown[]) =>
  hostsSchema.parse({ schedulingType, hosts: JSON.stringify(hosts) });

const weekdays = (start: string, end: string) => [1, 2, 3, 4, 5].map((day) => ({ day, start, end }));

beforeAll(async () => {
  database = await createTestDatabase();
  owner = await newOrganisation();
  await addOrganisationCa({ actor: owner, pem: simulator.caPem });
  alice = await addMember(owner, "member", "alice@contoso.test");
  bob = await addMember(owner, "member", "bob@contoso.test");
  chloe = await addMember(owner, "member", "chloe@contoso.test");
  const ewsUrl = simulator.listeners.valid.url;
  await connectSimulatorMailbox({ actor: owner, owner: alice, mailbox: "alice@contoso.test", ewsUrl, config, keys });
  await connectSimulatorMailbox({ actor: owner, owner: bob, mailbox: "bob@contoso.test", ewsUrl, config, keys });
  outsider = await newOrganisation();
  await addOrganisationCa({ actor: outsider, pem: simulator.caPem });
  await connectSimulatorMailbox({
    actor: outsider,
    owner: outsider,
    mailbox: "grace@contoso.test",
    ewsUrl,
    config,
    keys,
  });
});
afterAll(async () => {
  await database?.drop();
});

describe("creating and editing booking pages", () => {
  it("creates a draft with one host on weekday hours, and stores basics, questions, rules and hosts", async () => {
    const { pageId } = await createBookingPage({ actor: owner, page: createInput(alice.userId) });
    const created = await getBookingPageForEditing({ actor: owner, pageId });
    expect(created?.page).toMatchObject({ title: "Consultation", published: false, location: null });
    expect(created?.page.questions).toEqual([
      { id: "q1", label: "Company", required: false },
      { id: "q2", label: "Phone", required: true },
    ]);
    expect(created?.hosts).toEqual([
      expect.objectContaining({ userId: alice.userId, timeZone: "Europe/Berlin", useExchangeWorkingHours: false }),
    ]);
    expect(created?.hosts[0]?.weeklyHours).toHaveLength(5);

    const basics = basicsSchema.parse({
      title: "Intro call",
      slug: created?.page.slug,
      description: "Twenty minutes to meet.",
      durationMinutes: "20",
      slotIntervalMinutes: "15",
      locationKind: "text",
      location: "Room 4",
      questions: "Phone *\nWebsite",
    });
    await updateBookingPageBasics({ actor: owner, pageId, basics });
    await updateBookingPageRules({ actor: owner, pageId, rules: rulesInput() });
    const edited = await getBookingPageForEditing({ actor: owner, pageId });
    expect(edited?.page).toMatchObject({
      title: "Intro call",
      durationMinutes: 20,
      slotIntervalMinutes: 15,
      location: "Room 4",
      bufferBeforeMinutes: 10,
      bufferAfterMinutes: 5,
      horizonDays: 30,
      dailyLimit: 4,
      blockTentative: true,
      blockWorkingElsewhere: false,
      sendInvitations: true,
    });
    // The unchanged question keeps its id, so answers already given stay attached to it.
    expect(edited?.page.questions).toEqual([
      { id: "q2", label: "Phone", required: true },
      { id: "q1", label: "Website", required: false },
    ]);
  });

  it("stores round-robin hosts with their priorities, zones and per-day hours", async () => {
    const { pageId } = await createBookingPage({ actor: owner, page: createInput(alice.userId) });
    await setBookingPageHosts({
      actor: owner,
      pageId,
      ...hostsInput("round_robin", [
        { userId: alice.userId, timeZone: "Europe/Berlin", priority: 5, weekly: weekdays("09:00", "12:00") },
        {
          userId: bob.userId,
          timeZone: "America/New_York",
          priority: -1,
          weekly: [
            { day: 2, start: "13:00", end: "17:30" },
            { day: 2, start: "08:00", end: "10:00" },
          ],
        },
      ]),
    });
    const page = await getBookingPageForEditing({ actor: owner, pageId });
    expect(page?.page.schedulingType).toBe("round_robin");
    const byId = new Map(page?.hosts.map((host) => [host.userId, host]));
    expect(byId.get(alice.userId)).toMatchObject({ priority: 5, timeZone: "Europe/Berlin" });
    expect(byId.get(bob.userId)).toMatchObject({
      priority: -1,
      timeZone: "America/New_York",
      weeklyHours: [
        { day: 2, startMinute: 480, endMinute: 600 },
        { day: 2, startMinute: 780, endMinute: 1050 },
      ],
    });
    const listed = (await listBookingPages({ actor: owner })).find((item) => item.id === pageId);
    expect(listed?.hostNames).toHaveLength(2);
  });

  it("accepts a host on Exchange working hours without weekly hours of their own", async () => {
    const { pageId } = await createBookingPage({ actor: owner, page: createInput(alice.userId) });
    await setBookingPageHosts({
      actor: owner,
      pageId,
      ...hostsInput("single", [
        { userId: alice.userId, timeZone: "Europe/Berlin", useExchangeWorkingHours: true, weekly: [] },
      ]),
    });
    const page = await getBookingPageForEditing({ actor: owner, pageId });
    expect(page?.hosts[0]).toMatchObject({ useExchangeWorkingHours: true, weeklyHours: [] });
    // The weekly hours stay as the fallback, so they must still be well-formed.
    await expect(
      setBookingPageHosts({
        actor: owner,
        pageId,
        ...hostsInput("single", [
          {
            userId: alice.userId,
            timeZone: "Europe/Berlin",
            useExchangeWorkingHours: true,
            weekly: [
              { day: 3, start: "09:00", end: "12:00" },
              { day: 3, start: "10:00", end: "11:00" },
            ],
          },
        ]),
      }),
    ).rejects.toMatchObject({ code: "invalid_input", message: expect.stringContaining("overlap") });
    // Without Exchange's hours the same host has no hours at all: refused.
    await expect(
      setBookingPageHosts({
        actor: owner,
        pageId,
        ...hostsInput("single", [{ userId: alice.userId, timeZone: "Europe/Berlin", weekly: [] }]),
      }),
    ).rejects.toMatchObject({ code: "invalid_input", message: expect.stringContaining("No hours") });
  });

  it("adds date overrides and blackouts, replaces one per date, removes them", async () => {
    const { pageId } = await createBookingPage({ actor: owner, page: createInput(alice.userId) });
    await setDateOverride({
      actor: owner,
      pageId,
      userId: alice.userId,
      date: "2030-01-07",
      windows: [{ startMinute: 600, endMinute: 720 }],
    });
    await setDateOverride({ actor: owner, pageId, userId: alice.userId, date: "2030-01-08", windows: [] });
    await setDateOverride({ actor: owner, pageId, userId: alice.userId, date: "2030-01-07", windows: [] });
    let page = await getBookingPageForEditing({ actor: owner, pageId });
    expect(page?.overrides.map((o) => [o.date, o.windows])).toEqual([
      ["2030-01-07", []],
      ["2030-01-08", []],
    ]);
    await expect(
      setDateOverride({ actor: owner, pageId, userId: bob.userId, date: "2030-01-09", windows: [] }),
    ).rejects.toMatchObject({ code: "not_found", message: "That member is not a host of this page." });
    const first = page?.overrides[0];
    if (!first) throw new Error("no override");
    await removeDateOverride({ actor: owner, pageId, overrideId: first.id });
    page = await getBookingPageForEditing({ actor: owner, pageId });
    expect(page?.overrides.map((o) => o.date)).toEqual(["2030-01-08"]);
  });

  it("publishes, unpublishes and deletes (hosts and overrides go with the page)", async () => {
    const { pageId } = await createBookingPage({ actor: owner, page: createInput(alice.userId) });
    await setDateOverride({ actor: owner, pageId, userId: alice.userId, date: "2030-01-08", windows: [] });
    await setBookingPagePublished({ actor: owner, pageId, published: true });
    expect((await getBookingPageForEditing({ actor: owner, pageId }))?.page.published).toBe(true);
    await setBookingPagePublished({ actor: owner, pageId, published: false });
    expect((await getBookingPageForEditing({ actor: owner, pageId }))?.page.published).toBe(false);
    await deleteBookingPage({ actor: owner, pageId });
    expect(await db().select().from(bookingPages).where(eq(bookingPages.id, pageId))).toEqual([]);
    expect(await db().select().from(bookingPageHosts).where(eq(bookingPageHosts.pageId, pageId))).toEqual([]);
    expect(
      await db().select().from(bookingPageDateOverrides).where(eq(bookingPageDateOverrides.pageId, pageId)),
    ).toEqual([]);
  });
});

describe("lifecycle settings", () => {
  it("stores how cancellations leave the calendar, the mail language and reminders (largest first)", async () => {
    const { pageId } = await createBookingPage({ actor: owner, page: createInput(alice.userId) });
    await updateBookingPageRules({ actor: owner, pageId, rules: rulesInput() });
    const page = (await getBookingPageForEditing({ actor: owner, pageId }))?.page;
    expect(page).toMatchObject({
      cancellationMethod: "delete_item",
      language: "de",
      reminderMinutes: [1440, 60],
      notifyCustomerOfCalendarChanges: false,
    });
    expect(rulesSchema.safeParse({ ...rulesRaw(), reminderMinutes: "1440, soon" }).success).toBe(false);
    expect(rulesSchema.safeParse({ ...rulesRaw(), reminderMinutes: "" }).data?.reminderMinutes).toEqual([]);
    expect(rulesSchema.safeParse({ ...rulesRaw(), language: "xx" }).success).toBe(false);
  });
});

describe("refusals", () => {
  it("refuses contradictory rules with the checker's message and keeps the page as it was", async () => {
    const { pageId } = await createBookingPage({ actor: owner, page: createInput(alice.userId) });
    await expect(
      updateBookingPageRules({
        actor: owner,
        pageId,
        rules: rulesInput({ minimumNoticeMinutes: "2880", horizonDays: "2" }),
      }),
    ).rejects.toMatchObject({
      code: "invalid_input",
      message: expect.stringContaining("no slot could ever be offered"),
    });
    expect((await getBookingPageForEditing({ actor: owner, pageId }))?.page.horizonDays).toBe(60);

    await expect(
      setBookingPageHosts({
        actor: owner,
        pageId,
        ...hostsInput("single", [
          { userId: alice.userId, timeZone: "Europe/Berlin", weekly: weekdays("09:00", "09:20") },
        ]),
      }),
    ).rejects.toMatchObject({
      code: "invalid_input",
      message: expect.stringMatching(/^A member: The slot length \(30 min\) is longer than every window/),
    });
    expect((await getBookingPageForEditing({ actor: owner, pageId }))?.hosts[0]?.weeklyHours[0]).toMatchObject({
      startMinute: 540,
      endMinute: 1020,
    });

    await expect(
      setBookingPageHosts({
        actor: owner,
        pageId,
        ...hostsInput("single", [
          {
            userId: alice.userId,
            timeZone: "Europe/Berlin",
            weekly: [
              { day: 1, start: "09:00", end: "12:00" },
              { day: 1, start: "11:00", end: "13:00" },
            ],
          },
        ]),
      }),
    ).rejects.toMatchObject({ code: "invalid_input", message: expect.stringContaining("overlap") });
  });

  it("refuses a slug already taken, even by another organisation", async () => {
    const first = createInput(alice.userId);
    await createBookingPage({ actor: owner, page: first });
    await expect(
      createBookingPage({ actor: outsider, page: createInput(outsider.userId, { slug: first.slug }) }),
    ).rejects.toMatchObject({ code: "conflict", message: "That public address is already taken. Choose another." });
    expect(() => createInput(alice.userId, { slug: "-Bad slug" })).toThrow(/lower-case letters/);
  });

  it("refuses renaming a page to an address another page has, and keeps the old one", async () => {
    const taken = createInput(alice.userId);
    await createBookingPage({ actor: owner, page: taken });
    const { pageId } = await createBookingPage({ actor: owner, page: createInput(alice.userId) });
    const before = await getBookingPageForEditing({ actor: owner, pageId });
    const basics = basicsSchema.parse({
      title: "Renamed",
      slug: taken.slug,
      durationMinutes: "30",
      locationKind: "link_to_follow",
    });
    await expect(updateBookingPageBasics({ actor: owner, pageId, basics })).rejects.toMatchObject({
      code: "conflict",
    });
    expect((await getBookingPageForEditing({ actor: owner, pageId }))?.page).toMatchObject({
      slug: before?.page.slug,
      title: "Consultation",
    });
  });

  it("refuses a host from another organisation and a host without a connected calendar", async () => {
    await expect(createBookingPage({ actor: owner, page: createInput(outsider.userId) })).rejects.toMatchObject({
      code: "not_found",
      message: "Hosts must be members of your organisation.",
    });
    await expect(createBookingPage({ actor: owner, page: createInput(chloe.userId) })).rejects.toMatchObject({
      code: "invalid_input",
      message: expect.stringContaining("has no connected Exchange calendar"),
    });
    const { pageId } = await createBookingPage({ actor: owner, page: createInput(alice.userId) });
    await expect(
      setBookingPageHosts({
        actor: owner,
        pageId,
        ...hostsInput("collective", [
          { userId: alice.userId, timeZone: "Europe/Berlin", weekly: weekdays("09:00", "17:00") },
          { userId: chloe.userId, timeZone: "Europe/Berlin", weekly: weekdays("09:00", "17:00") },
        ]),
      }),
    ).rejects.toMatchObject({ code: "invalid_input" });
    expect((await getBookingPageForEditing({ actor: owner, pageId }))?.hosts).toHaveLength(1);
  });

  it("lets a member create and edit only their own pages, with only themselves as host", async () => {
    const own = await createBookingPage({ actor: alice, page: createInput(alice.userId) });
    await updateBookingPageRules({ actor: alice, pageId: own.pageId, rules: rulesInput() });
    await expect(createBookingPage({ actor: alice, page: createInput(bob.userId) })).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(
      setBookingPageHosts({
        actor: alice,
        pageId: own.pageId,
        ...hostsInput("round_robin", [
          { userId: alice.userId, timeZone: "Europe/Berlin", weekly: weekdays("09:00", "17:00") },
          { userId: bob.userId, timeZone: "Europe/Berlin", weekly: weekdays("09:00", "17:00") },
        ]),
      }),
    ).rejects.toMatchObject({ code: "forbidden" });
    const others = await createBookingPage({ actor: bob, page: createInput(bob.userId) });
    await expect(
      updateBookingPageRules({ actor: alice, pageId: others.pageId, rules: rulesInput() }),
    ).rejects.toMatchObject({ code: "forbidden" });
    await expect(deleteBookingPage({ actor: alice, pageId: others.pageId })).rejects.toMatchObject({
      code: "forbidden",
    });
    expect(await getBookingPageForEditing({ actor: alice, pageId: others.pageId })).toBeNull();
    // An admin edits any page of the organisation; another organisation sees none of them.
    await updateBookingPageRules({ actor: owner, pageId: others.pageId, rules: rulesInput() });
    await expect(deleteBookingPage({ actor: outsider, pageId: others.pageId })).rejects.toMatchObject({
      code: "not_found",
    });
    expect(await getBookingPageForEditing({ actor: outsider, pageId: others.pageId })).toBeNull();
    const listed = await listBookingPages({ actor: alice });
    expect(listed.some((page) => page.id === others.pageId)).toBe(false);
    expect(listed.find((page) => page.id === own.pageId)?.editable).toBe(true);
  });
});
