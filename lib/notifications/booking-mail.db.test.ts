import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { CurrentUser } from "@/lib/auth/session";
import { insertBookingPage, reserveTestBooking } from "@/lib/bookings/test-helpers";
import { testKeys } from "@/lib/calendars/test-helpers";
import { createToken } from "@/lib/crypto/tokens";
import { db } from "@/lib/db";
import { type bookingPages, bookings } from "@/lib/db/schema";
import { createTestDatabase } from "@/lib/db/testing";
import { type JobQueue, startJobQueue } from "@/lib/jobs/queue";
import type { CapturedMail } from "@/lib/mail/captured-mail";
import { closeMailTransports } from "@/lib/mail/transport";
import { addMember, newOrganisation } from "@/lib/organisations/test-helpers";
import { type MailCapture, startMailCapture } from "@/testing/mail-capture";
import {
  BOOKING_MAIL_QUEUE,
  type BookingMailJob,
  createBookingMailQueue,
  enqueueBookingMail,
  scheduleReminders,
} from "./enqueue";
import { runBookingMailJob } from "./send-job";

const APP_URL = "http://app.test";
const keys = testKeys();
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let capture: MailCapture;
let settings: { smtpUrl: string; from: string };
let boss: JobQueue;
let owner: CurrentUser;
let alice: CurrentUser;
let bob: CurrentUser;
let dayOffset = 0;

beforeAll(async () => {
  database = await createTestDatabase();
  capture = await startMailCapture();
  settings = { smtpUrl: capture.smtpUrl, from: "Slotbridge <bookings@slotbridge.test>" };
  owner = await newOrganisation();
  alice = await addMember(owner, "member", "alice@contoso.test");
  bob = await addMember(owner, "member", "bob@contoso.test");
  boss = await startJobQueue(database.jobStore);
  await createBookingMailQueue(boss);
});
afterAll(async () => {
  closeMailTransports();
  await boss?.stop({ graceful: false, wait: true });
  await capture?.stop();
  await database?.drop();
});
beforeEach(() => {
  capture.refuse(false);
  capture.clear();
});

const CUSTOMER_NAME = `Dan <b>"O'Customer"</b>`;

/** A booking at 10:00 UTC on a fresh day of March 2032; customer in New York (05:00 there, EST). */
async function book(input: { collective?: boolean; page?: Partial<typeof bookingPages.$inferInsert> } = {}) {
  const hosts = [{ user: alice, timeZone: "Europe/London" }];
  if (input.collective) hosts.push({ user: bob, timeZone: "Asia/Tokyo" });
  const page = await insertBookingPage({
    owner,
    hosts,
    ...(input.collective ? { schedulingType: "collective" as const } : {}),
    page: { location: "Room <1>", ...input.page },
  });
  dayOffset += 1;
  const start = new Date(Date.UTC(2032, 2, 1 + dayOffset, 10, 0));
  const { bookingId } = await reserveTestBooking({
    page,
    hosts: hosts.map((host) => host.user),
    start,
    customer: {
      name: CUSTOMER_NAME,
      email: "dan@example.com",
      timeZone: "America/New_York",
      notes: "Please <script>alert(1)</script>",
    },
  });
  return { bookingId, start, page };
}

/** The queued jobs of one booking that are due now (fetching starts them). */
async function fetchDueJobs(bookingId: string) {
  const jobs = await boss.fetch<BookingMailJob>(BOOKING_MAIL_QUEUE, { batchSize: 50 });
  return jobs.filter((job) => job.data.bookingId === bookingId);
}

/** Fetches and runs the one due job of a booking, as the worker would, and completes it. */
async function runOneJob(bookingId: string, now?: Date) {
  const [job, ...more] = await fetchDueJobs(bookingId);
  expect(more).toEqual([]);
  if (!job) throw new Error("no job due");
  const outcome = await runBookingMailJob({ job: job.data, settings, appUrl: APP_URL, keys, ...(now ? { now } : {}) });
  await boss.complete(BOOKING_MAIL_QUEUE, job.id);
  return { job, outcome };
}

/** The VEVENT's properties (unfolded), plus the calendar's METHOD. */
function parseIcs(ics: string) {
  const lines = ics.replace(/\r\n[ \t]/g, "").split("\r\n");
  const begin = lines.indexOf("BEGIN:VEVENT");
  const end = lines.indexOf("END:VEVENT");
  expect(lines[0]).toBe("BEGIN:VCALENDAR");
  expect(begin).toBeGreaterThan(0);
  expect(end).toBeGreaterThan(begin);
  const event = new Map<string, string>();
  for (const line of lines.slice(begin + 1, end)) {
    const colon = line.indexOf(":");
    const name = line.slice(0, colon).split(";")[0] ?? "";
    if (!event.has(name)) event.set(name, line.slice(colon + 1));
  }
  const method = lines.find((line) => line.startsWith("METHOD:"))?.slice("METHOD:".length);
  return { method, event, lines };
}

function calendarPart(mail: CapturedMail) {
  const part = mail.attachments.find((a) => a.contentType === "text/calendar");
  const file = mail.attachments.find((a) => a.filename === "invite.ics");
  expect(part).toBeDefined();
  expect(file?.content).toBe(part?.content);
  return { partMethod: part?.method, ...parseIcs(part?.content ?? "") };
}

describe("booking mails (real SMTP capture server, real database, pg-boss)", () => {
  it("confirmation: text and escaped HTML parts, the time in the customer's zone, an ICS REQUEST and the manage link", async () => {
    const { bookingId, start } = await book();
    const token = createToken();
    const jobId = await enqueueBookingMail({
      boss,
      bookingId,
      kind: "confirmation",
      manageToken: token,
      settings,
      keys,
    });
    expect(jobId).toEqual(expect.any(String));
    const { job, outcome } = await runOneJob(bookingId);
    // The payload names the booking and the kind; the token only sealed, no address, no text.
    expect(Object.keys(job.data).sort()).toEqual(["bookingId", "kind", "sealedManageToken"]);
    expect(JSON.stringify(job.data)).not.toContain(token);
    expect(JSON.stringify(job.data)).not.toContain("dan@example.com");
    expect(outcome).toEqual({ sent: 1 });

    const [mail, ...more] = capture.messages();
    expect(more).toEqual([]);
    expect(mail?.envelope.to).toEqual(["dan@example.com"]);
    expect(mail?.from).toContain("bookings@slotbridge.test");
    // The first booking of the file: 2 March 2032 (a Tuesday).
    expect(mail?.subject).toBe("Confirmed: Consultation on Tue, Mar 2, 2032");
    const text = mail?.text ?? "";
    const html = mail?.html ?? "";
    // 10:00 UTC is 05:00 in New York (EST in early March).
    expect(text).toMatch(/5:00\s*–\s*5:30\sAM EST/);
    expect(text).toContain("America/New York");
    expect(text).toContain(`${APP_URL}/manage/${token}`);
    expect(text).toContain(CUSTOMER_NAME);
    expect(html).toContain(`href="${APP_URL}/manage/${token}"`);
    expect(html).toContain("Dan &lt;b&gt;&quot;O&#39;Customer&quot;&lt;/b&gt;");
    expect(html).not.toContain("<b>");
    expect(html).toContain("Room &lt;1&gt;");

    const ics = calendarPart(mail as CapturedMail);
    expect(ics.partMethod).toBe("REQUEST");
    expect(ics.method).toBe("REQUEST");
    expect(ics.event.get("UID")).toBe(`${bookingId}@slotbridge`);
    expect(ics.event.get("SEQUENCE")).toBe("0");
    expect(ics.event.get("DTSTART")).toBe(
      start
        .toISOString()
        .replace(/[-:]/g, "")
        .replace(/\.\d{3}/, ""),
    );
    expect(ics.event.get("STATUS")).toBe("CONFIRMED");
    expect(ics.event.get("ORGANIZER")).toMatch(/^mailto:alice@contoso\.test$/i);
  });

  it("host notice: the organiser always; collective co-hosts only when Exchange sent no invitations, each in their zone", async () => {
    const invited = await book({ collective: true, page: { sendInvitations: true } });
    await enqueueBookingMail({ boss, bookingId: invited.bookingId, kind: "host-notice", settings, keys });
    expect((await runOneJob(invited.bookingId)).outcome).toEqual({ sent: 1 });
    expect(capture.messages().map((m) => m.envelope.to)).toEqual([["alice@contoso.test"]]);

    capture.clear();
    const notInvited = await book({ collective: true, page: { sendInvitations: false } });
    await enqueueBookingMail({ boss, bookingId: notInvited.bookingId, kind: "host-notice", settings, keys });
    expect((await runOneJob(notInvited.bookingId)).outcome).toEqual({ sent: 2 });
    const byHost = new Map(capture.messages().map((m) => [m.envelope.to[0], m]));
    // 10:00 UTC: 10:00 in London (GMT), 19:00 in Tokyo.
    expect(byHost.get("alice@contoso.test")?.text).toMatch(/10:00\s*–\s*10:30\sAM GMT/);
    expect(byHost.get("bob@contoso.test")?.text).toMatch(/7:00\s*–\s*7:30\sPM GMT\+9 \(Asia\/Tokyo\)/);
    const html = byHost.get("bob@contoso.test")?.html ?? "";
    expect(html).toContain("Please &lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).not.toContain("<script>");
    expect(byHost.get("bob@contoso.test")?.text).toContain("dan@example.com");
    expect(byHost.get("bob@contoso.test")?.attachments).toEqual([]);
  });

  it("cancellation: ICS CANCEL with the booking's SEQUENCE, the reason, no manage link", async () => {
    const { bookingId } = await book();
    await db()
      .update(bookings)
      .set({ status: "cancelled", cancelledAt: new Date(), cancelReason: "Ill <today>", icsSequence: 2 })
      .where(eq(bookings.id, bookingId));
    await enqueueBookingMail({ boss, bookingId, kind: "cancellation", manageToken: createToken(), settings, keys });
    const { job } = await runOneJob(bookingId);
    expect(job.data.sealedManageToken).toBeUndefined();
    const [mail] = capture.messages();
    expect(mail?.subject).toMatch(/^Cancelled: Consultation on /);
    expect(mail?.html).toContain("Ill &lt;today&gt;");
    expect(mail?.text).not.toContain("/manage/");
    const ics = calendarPart(mail as CapturedMail);
    expect(ics.partMethod).toBe("CANCEL");
    expect(ics.method).toBe("CANCEL");
    expect(ics.event.get("UID")).toBe(`${bookingId}@slotbridge`);
    expect(ics.event.get("SEQUENCE")).toBe("2");
    expect(ics.event.get("STATUS")).toBe("CANCELLED");
  });

  it("reschedule: REQUEST with the new time and the higher SEQUENCE; confirmation of a cancelled booking is not sent", async () => {
    const { bookingId, start } = await book();
    const moved = new Date(start.getTime() + 2 * 3_600_000);
    await db()
      .update(bookings)
      .set({ startsAt: moved, endsAt: new Date(moved.getTime() + 30 * 60_000), icsSequence: 1 })
      .where(eq(bookings.id, bookingId));
    await enqueueBookingMail({ boss, bookingId, kind: "reschedule", settings, keys });
    // The reschedule also planned the new time's reminders (due later, so not fetched now).
    expect((await runOneJob(bookingId)).outcome).toEqual({ sent: 1 });
    const ics = calendarPart(capture.messages()[0] as CapturedMail);
    expect(ics.method).toBe("REQUEST");
    expect(ics.event.get("SEQUENCE")).toBe("1");
    expect(ics.event.get("DTSTART")).toBe(
      moved
        .toISOString()
        .replace(/[-:]/g, "")
        .replace(/\.\d{3}/, ""),
    );

    await db().update(bookings).set({ status: "cancelled" }).where(eq(bookings.id, bookingId));
    capture.clear();
    await enqueueBookingMail({ boss, bookingId, kind: "confirmation", settings, keys });
    expect((await runOneJob(bookingId)).outcome).toEqual({ skipped: "booking cancelled" });
    expect(capture.messages()).toEqual([]);
  });

  it("reminders: one job per page setting at start − minutes, once; sent when due, not for a cancelled or moved booking", async () => {
    const { bookingId, start } = await book({ page: { reminderMinutes: [1440, 60] } });
    const now = new Date(start.getTime() - 3 * 86_400_000);
    const ids = await scheduleReminders({ boss, bookingId, now, settings });
    expect(ids).toHaveLength(2);
    expect(await scheduleReminders({ boss, bookingId, now, settings })).toEqual([]);
    const jobs = await Promise.all(ids.map((id) => boss.getJobById(BOOKING_MAIL_QUEUE, id)));
    expect(jobs.map((job) => new Date(job?.startAfter ?? 0).getTime()).sort()).toEqual([
      start.getTime() - 1440 * 60_000,
      start.getTime() - 60 * 60_000,
    ]);
    // Not due yet: the queue hands out neither.
    expect(await fetchDueJobs(bookingId)).toEqual([]);

    // Two hours before the start only the one-hour reminder is still ahead.
    const late = await book({ page: { reminderMinutes: [1440, 60] } });
    const lateIds = await scheduleReminders({
      boss,
      bookingId: late.bookingId,
      now: new Date(late.start.getTime() - 2 * 3_600_000),
      settings,
    });
    expect(lateIds).toHaveLength(1);

    const hourBefore = jobs.find((job) => job?.data && (job.data as BookingMailJob).minutesBefore === 60);
    const data = hourBefore?.data as BookingMailJob;
    expect(data).toEqual({ bookingId, kind: "reminder", plannedStart: start.toISOString(), minutesBefore: 60 });
    const due = new Date(start.getTime() - 60 * 60_000);
    expect(await runBookingMailJob({ job: data, settings, appUrl: APP_URL, keys, now: due })).toEqual({ sent: 1 });
    const [mail] = capture.messages();
    expect(mail?.subject).toBe("Reminder: Consultation in 1 hour");
    expect(mail?.attachments).toEqual([]);

    capture.clear();
    const movedStart = new Date(start.getTime() + 86_400_000);
    await db()
      .update(bookings)
      .set({ startsAt: movedStart, endsAt: new Date(movedStart.getTime() + 30 * 60_000) })
      .where(eq(bookings.id, bookingId));
    expect(await runBookingMailJob({ job: data, settings, appUrl: APP_URL, keys, now: due })).toEqual({
      skipped: "booking moved since the reminder was planned",
    });
    await db()
      .update(bookings)
      .set({ startsAt: start, endsAt: new Date(start.getTime() + 30 * 60_000), status: "cancelled" })
      .where(eq(bookings.id, bookingId));
    expect(await runBookingMailJob({ job: data, settings, appUrl: APP_URL, keys, now: due })).toEqual({
      skipped: "booking cancelled",
    });
    expect(await scheduleReminders({ boss, bookingId, now, settings })).toEqual([]);
    expect(capture.messages()).toEqual([]);
  });

  it("SMTP refusing: the job fails and is retried later with back-off, the booking is untouched, the mail goes once SMTP is back", async () => {
    const { bookingId } = await book();
    const [before] = await db().select().from(bookings).where(eq(bookings.id, bookingId));
    capture.refuse(true);
    await enqueueBookingMail({ boss, bookingId, kind: "confirmation", manageToken: createToken(), settings, keys });
    const [job] = await fetchDueJobs(bookingId);
    if (!job) throw new Error("no job due");
    await expect(runBookingMailJob({ job: job.data, settings, appUrl: APP_URL, keys })).rejects.toThrow(/451/);
    await boss.fail(BOOKING_MAIL_QUEUE, job.id, { message: "smtp refused" });
    const retried = await boss.getJobById(BOOKING_MAIL_QUEUE, job.id);
    expect(retried?.state).toBe("retry");
    expect(retried?.retryCount).toBe(0);
    expect(new Date(retried?.startAfter ?? 0).getTime()).toBeGreaterThan(Date.now() + 10_000);
    const [after] = await db().select().from(bookings).where(eq(bookings.id, bookingId));
    expect(after).toEqual(before);
    expect(capture.messages()).toEqual([]);

    capture.refuse(false);
    expect(await runBookingMailJob({ job: job.data, settings, appUrl: APP_URL, keys })).toEqual({ sent: 1 });
    expect(capture.messages().map((m) => m.envelope.to)).toEqual([["dan@example.com"]]);
  });

  it("mail off (no SMTP_URL): nothing is queued", async () => {
    const { bookingId } = await book();
    expect(await enqueueBookingMail({ boss, bookingId, kind: "confirmation", settings: null, keys })).toBeNull();
    expect(await scheduleReminders({ boss, bookingId, settings: null })).toEqual([]);
    expect(await fetchDueJobs(bookingId)).toEqual([]);
  });
});
