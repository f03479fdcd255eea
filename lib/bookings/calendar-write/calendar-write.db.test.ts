import { readFileSync } from "node:fs";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCoreHarness } from "@/ews-simulator/core-test-harness";
import { buildRequestEnvelope } from "@/ews-simulator/soap/request-builder";
import { callControl, setUpTestSimulator } from "@/ews-simulator/testing/test-simulator";
import type { CurrentUser } from "@/lib/auth/session";
import { readRequestLog, simulatorConfig, testKeys } from "@/lib/calendars/test-helpers";
import { db } from "@/lib/db";
import { bookings } from "@/lib/db/schema";
import { createTestDatabase } from "@/lib/db/testing";
import { findSimulatorBookingItems } from "@/lib/exchange/testing/simulator-calendar";
import { addMember } from "@/lib/organisations/test-helpers";
import { insertBookingPage, reserveTestBooking, setUpBookingOrganisation } from "../test-helpers";
import { writeBookingToCalendar } from "./calendar-write";

let database: Awaited<ReturnType<typeof createTestDatabase>>;
const simulator = setUpTestSimulator({ clearLogEach: true });
const config = simulatorConfig({ timeoutMs: 1_500 });
const keys = testKeys();
let owner: CurrentUser;
let alice: CurrentUser;
let bob: CurrentUser;
let carol: CurrentUser;

beforeAll(async () => {
  database = await createTestDatabase();
  ({ owner, alice, bob } = await setUpBookingOrganisation({ simulator, config, keys }));
  carol = await addMember(owner, "member", "carol@example.org");
});
afterAll(async () => {
  await database?.drop();
});

let dayOffset = 0;

/** A reserved booking (status write_pending) on a fresh page, each on its own day so holds never clash. */
async function reserve(
  input: {
    hosts?: CurrentUser[];
    page?: Parameters<typeof insertBookingPage>[0]["page"];
    schedulingType?: "single" | "collective";
  } = {},
) {
  const hosts = input.hosts ?? [alice];
  const page = await insertBookingPage({
    owner,
    hosts: hosts.map((user) => ({ user, timeZone: "Europe/Kyiv" })),
    schedulingType: input.schedulingType ?? "single",
    page: {
      location: "Room 4, Kyiv office",
      questions: [{ id: "q1", label: "Company", required: false }],
      ...input.page,
    },
  });
  dayOffset += 1;
  const start = new Date(Date.UTC(2031, 0, 1 + dayOffset, 12, 0));
  const { bookingId } = await reserveTestBooking({
    page,
    hosts,
    start,
    customer: { timeZone: "Asia/Kolkata", notes: "Bring the <draft> & notes" },
    answers: { q1: "Acme & Co" },
  });
  return { bookingId, start };
}

async function bookingRow(bookingId: string) {
  const [row] = await db().select().from(bookings).where(eq(bookings.id, bookingId));
  if (!row) throw new Error("booking is gone");
  return row;
}

const write = (bookingId: string) => writeBookingToCalendar({ bookingId, config, keys });

async function addFault(body: unknown) {
  const reply = await callControl({ simulator, method: "POST", path: "/faults", body });
  expect(reply.status).toBe(201);
}

describe("writeBookingToCalendar", () => {
  it("writes the item to the organiser's calendar and confirms the booking", async () => {
    const { bookingId, start } = await reserve();
    expect(await write(bookingId)).toEqual({ status: "confirmed" });

    const [item, ...more] = await findSimulatorBookingItems({ simulator, mailbox: "alice@contoso.test", bookingId });
    expect(more).toEqual([]);
    expect(item).toMatchObject({
      subject: "Consultation: Cara Customer",
      location: "Room 4, Kyiv office",
      start: start.toISOString().replace(".000Z", "Z"),
      end: new Date(start.getTime() + 30 * 60_000).toISOString().replace(".000Z", "Z"),
      startTimeZoneId: "FLE Standard Time",
      organizer: "alice@contoso.test",
      requiredAttendees: ["cara@example.com"],
      sendMeetingInvitations: "SendToAllAndSaveCopy",
    });
    expect(item?.body).toContain("Email: cara@example.com");
    expect(item?.body).toContain("Bring the <draft> & notes");
    expect(item?.body).toContain("Company: Acme & Co");
    expect(await bookingRow(bookingId)).toMatchObject({
      status: "confirmed",
      exchangeMailbox: "alice@contoso.test",
      exchangeItemId: item?.id,
      calendarWriteAttempts: 1,
      calendarWriteError: null,
    });
  });

  it("sends no invitations when the page is set so, and says a link will follow without a location", async () => {
    const { bookingId } = await reserve({ page: { sendInvitations: false, location: null } });
    expect(await write(bookingId)).toEqual({ status: "confirmed" });
    const [item] = await findSimulatorBookingItems({ simulator, mailbox: "alice@contoso.test", bookingId });
    expect(item).toMatchObject({
      requiredAttendees: [],
      sendMeetingInvitations: "SendToNone",
      location: "A meeting link will follow",
    });
  });

  it("invites every other host of a collective booking", async () => {
    const { bookingId } = await reserve({ hosts: [alice, bob], schedulingType: "collective" });
    expect(await write(bookingId)).toEqual({ status: "confirmed" });
    const [item] = await findSimulatorBookingItems({ simulator, mailbox: "alice@contoso.test", bookingId });
    expect(item?.requiredAttendees.sort()).toEqual(["bob@contoso.test", "cara@example.com"]);
    expect(await findSimulatorBookingItems({ simulator, mailbox: "bob@contoso.test", bookingId })).toEqual([]);
  });

  it("finds the item a timed-out write created instead of creating a second", async () => {
    const { bookingId } = await reserve();
    // The simulator stores the item, then never answers: the client gives up although the write happened.
    await addFault({ operation: "CreateItem", action: { kind: "hang" }, times: 1 });
    const first = await write(bookingId);
    expect(first.status).toBe("write_pending");
    expect(await findSimulatorBookingItems({ simulator, mailbox: "alice@contoso.test", bookingId })).toHaveLength(1);

    expect(await write(bookingId)).toEqual({ status: "confirmed" });
    const items = await findSimulatorBookingItems({ simulator, mailbox: "alice@contoso.test", bookingId });
    expect(items).toHaveLength(1);
    expect(await bookingRow(bookingId)).toMatchObject({ status: "confirmed", exchangeItemId: items[0]?.id });
    const creates = (await readRequestLog(simulator)).filter((r) => r.operation === "CreateItem" && r.status !== 401);
    expect(creates).toHaveLength(1);
  });

  it("lets one of several simultaneous writers write, however many instances try (a lease in the database)", async () => {
    const { bookingId } = await reserve();
    const outcomes = await Promise.all([write(bookingId), write(bookingId), write(bookingId)]);
    expect(outcomes.filter((o) => o.status === "confirmed").length).toBeGreaterThanOrEqual(1);
    expect(outcomes.every((o) => o.status === "confirmed" || o.status === "write_pending")).toBe(true);
    const creates = (await readRequestLog(simulator)).filter((r) => r.operation === "CreateItem" && r.status !== 401);
    expect(creates).toHaveLength(1);
    expect(await findSimulatorBookingItems({ simulator, mailbox: "alice@contoso.test", bookingId })).toHaveLength(1);
    expect((await bookingRow(bookingId)).calendarWriteLeaseUntil).toBeNull();
  });

  it("keeps the booking pending with the server's BackOffMilliseconds when Exchange throttles", async () => {
    const { bookingId } = await reserve();
    await addFault({ operation: "CreateItem", action: { kind: "server-busy", backOffMs: 90_000 }, times: 1 });
    const outcome = await write(bookingId);
    expect(outcome.status).toBe("write_pending");
    expect(outcome.retryAfterMs).toBeGreaterThanOrEqual(90_000);
    expect(await bookingRow(bookingId)).toMatchObject({
      status: "write_pending",
      calendarWriteAttempts: 1,
      calendarWriteError: expect.stringContaining("busy"),
    });
  });

  it("keeps the booking pending when Exchange is unreachable or failing, then writes it", async () => {
    const { bookingId } = await reserve();
    await addFault({ action: { kind: "http-error", status: 503 }, times: 1 });
    const outcome = await write(bookingId);
    expect(outcome).toMatchObject({ status: "write_pending", retryAfterMs: expect.any(Number) });
    await addFault({ operation: "FindItem", action: { kind: "hang" }, times: 1 });
    expect((await write(bookingId)).status).toBe("write_pending");
    expect(await bookingRow(bookingId)).toMatchObject({ status: "write_pending", calendarWriteAttempts: 2 });
    expect(await write(bookingId)).toEqual({ status: "confirmed" });
  });

  it("fails for good on a wrong password, in plain words without it", async () => {
    const { bookingId } = await reserve();
    await callControl({
      simulator,
      method: "PUT",
      path: "/accounts/alice%40contoso.test/password",
      body: { password: "Changed-Elsewhere-1" },
    });
    expect(await write(bookingId)).toEqual({ status: "write_failed" });
    const row = await bookingRow(bookingId);
    expect(row).toMatchObject({ status: "write_failed", calendarWriteAttempts: 1 });
    expect(row.calendarWriteError).toMatch(/refused the user name or password/);
    expect(row.calendarWriteError).not.toMatch(/Simulator-Pass|Changed-Elsewhere/);
  });

  it.each([
    [
      "ErrorSchemaValidation (Microsoft's documented fault)",
      "SoapFault.ErrorSchemaValidation.UpdateItem.response.xml",
      500,
      /ErrorSchemaValidation/,
    ],
    [
      "access denied (Microsoft's documented client fault)",
      "SoapFault.GetUserOofSettings.AccessDenied.response.xml",
      500,
      /refused the request/,
    ],
  ])("fails for good, at the first attempt, on %s", async (_name, file, status, words) => {
    const { bookingId } = await reserve();
    const body = readFileSync(new URL(`../../../ews-simulator/examples/${file}`, import.meta.url), "utf8");
    await addFault({ operation: "CreateItem", action: { kind: "replay", status, contentType: "text/xml", body } });
    expect(await write(bookingId)).toEqual({ status: "write_failed" });
    const row = await bookingRow(bookingId);
    expect(row).toMatchObject({ status: "write_failed", calendarWriteAttempts: 1 });
    expect(row.calendarWriteError).toMatch(words);
    expect(row.calendarWriteError).not.toMatch(/Gave up|S-1-5|EmailAddress4/);
  });

  it("fails for good when Exchange denies access to the mailbox, and retries a mailbox database that is down", async () => {
    // What the simulator answers when Alice writes into Bob's calendar: CreateItem's per-item ErrorAccessDenied.
    const harness = createCoreHarness({ now: new Date() });
    const denied = harness.execute({
      as: "alice@contoso.test",
      xml: buildRequestEnvelope({
        body: `<m:CreateItem SendMeetingInvitations="SendToNone"><m:SavedItemFolderId><t:DistinguishedFolderId Id="calendar"><t:Mailbox><t:EmailAddress>bob@contoso.test</t:EmailAddress></t:Mailbox></t:DistinguishedFolderId></m:SavedItemFolderId>
<m:Items><t:CalendarItem><t:Subject>x</t:Subject><t:Start>2031-01-01T08:00:00Z</t:Start><t:End>2031-01-01T08:30:00Z</t:End></t:CalendarItem></m:Items></m:CreateItem>`,
      }),
    }).body;
    expect(denied).toContain("<m:ResponseCode>ErrorAccessDenied</m:ResponseCode>");
    const replay = (body: string) =>
      addFault({
        operation: "CreateItem",
        action: { kind: "replay", status: 200, contentType: "text/xml", body },
        times: 1,
      });

    const refused = await reserve();
    await replay(denied);
    expect(await write(refused.bookingId)).toEqual({ status: "write_failed" });
    expect(await bookingRow(refused.bookingId)).toMatchObject({
      calendarWriteAttempts: 1,
      calendarWriteError: expect.stringContaining("ErrorAccessDenied"),
    });

    const delayed = await reserve();
    await replay(denied.replace(/ErrorAccessDenied/g, "ErrorMailboxStoreUnavailable"));
    expect(await write(delayed.bookingId)).toMatchObject({ status: "write_pending", retryAfterMs: expect.any(Number) });
    expect(await write(delayed.bookingId)).toEqual({ status: "confirmed" });
  });

  it("fails for good when the organiser has no connected calendar", async () => {
    const { bookingId } = await reserve({ hosts: [carol] });
    expect(await write(bookingId)).toEqual({ status: "write_failed" });
    expect((await bookingRow(bookingId)).calendarWriteError).toBe("A member has no connected Exchange calendar.");
    expect(await readRequestLog(simulator)).toEqual([]);
  });

  it("gives up after the last attempt", async () => {
    const { bookingId } = await reserve();
    await db().update(bookings).set({ calendarWriteAttempts: 7 }).where(eq(bookings.id, bookingId));
    await addFault({ action: { kind: "http-error", status: 500 }, times: 1 });
    expect(await write(bookingId)).toEqual({ status: "write_failed" });
    expect(await bookingRow(bookingId)).toMatchObject({
      status: "write_failed",
      calendarWriteAttempts: 8,
      calendarWriteError: expect.stringMatching(/^Gave up after 8 attempts\./),
    });
  });

  it("leaves confirmed and cancelled bookings alone", async () => {
    const { bookingId } = await reserve();
    await db().update(bookings).set({ status: "cancelled" }).where(eq(bookings.id, bookingId));
    expect(await write(bookingId)).toEqual({ status: "cancelled" });
    await db().update(bookings).set({ status: "confirmed" }).where(eq(bookings.id, bookingId));
    expect(await write(bookingId)).toEqual({ status: "confirmed" });
    expect(await readRequestLog(simulator)).toEqual([]);
  });
});
