import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callControl, setUpTestSimulator } from "@/ews-simulator/testing/test-simulator";
import type { CurrentUser } from "@/lib/auth/session";
import { simulatorConfig, testKeys } from "@/lib/calendars/test-helpers";
import { db } from "@/lib/db";
import { bookings } from "@/lib/db/schema";
import { createTestDatabase } from "@/lib/db/testing";
import { findSimulatorBookingItems } from "@/lib/exchange/testing/simulator-calendar";
import { type JobQueue, startJobQueue } from "@/lib/jobs/queue";
import { insertBookingPage, reserveTestBooking, setUpBookingOrganisation } from "../test-helpers";
import {
  CALENDAR_WRITE_QUEUE,
  type CalendarWriteJob,
  createCalendarWriteQueues,
  enqueueCalendarWrite,
  enqueuePendingWrites,
  registerCalendarWrites,
  runCalendarWriteJob,
} from "./calendar-write-job";

let database: Awaited<ReturnType<typeof createTestDatabase>>;
const simulator = setUpTestSimulator();
const config = simulatorConfig({ timeoutMs: 1_500 });
const keys = testKeys();
let owner: CurrentUser;
let alice: CurrentUser;
let boss: JobQueue;
let dayOffset = 0;

beforeAll(async () => {
  database = await createTestDatabase();
  ({ owner, alice } = await setUpBookingOrganisation({ simulator, config, keys }));
  boss = await startJobQueue(database.jobStore);
  await createCalendarWriteQueues(boss);
});
afterAll(async () => {
  await boss?.stop({ graceful: false, wait: true });
  await database?.drop();
});

async function reserve() {
  const page = await insertBookingPage({ owner, hosts: [{ user: alice, timeZone: "Europe/London" }] });
  dayOffset += 1;
  const start = new Date(Date.UTC(2032, 2, 1 + dayOffset, 10, 0));
  const { bookingId } = await reserveTestBooking({
    page,
    hosts: [alice],
    start,
    customer: { name: "Dan Customer", email: "dan@example.com", timeZone: "Europe/London" },
  });
  return bookingId;
}

async function bookingStatus(bookingId: string) {
  const [row] = await db().select({ status: bookings.status }).from(bookings).where(eq(bookings.id, bookingId));
  return row?.status;
}

/** The jobs of one booking that may start now (fetching starts them). */
async function fetchJobs(bookingId: string) {
  const jobs = await boss.fetch<CalendarWriteJob>(CALENDAR_WRITE_QUEUE, { batchSize: 50 });
  return jobs.filter((job) => job.data.bookingId === bookingId);
}

describe("the calendar write queue (pg-boss on this database)", () => {
  it("keeps one queued write per booking, and the payload is the booking id only", async () => {
    const bookingId = await reserve();
    expect(await enqueueCalendarWrite({ boss, bookingId })).toEqual(expect.any(String));
    expect(await enqueueCalendarWrite({ boss, bookingId })).toBeNull();
    const [job, ...more] = await fetchJobs(bookingId);
    expect(more).toEqual([]);
    expect(job?.data).toEqual({ bookingId });
    if (job) await boss.complete(CALENDAR_WRITE_QUEUE, job.id);
  });

  it("queues the next attempt no sooner than Exchange's BackOffMilliseconds", async () => {
    const bookingId = await reserve();
    await callControl({
      simulator,
      method: "POST",
      path: "/faults",
      body: { operation: "CreateItem", action: { kind: "server-busy", backOffMs: 120_000 }, times: 1 },
    });
    const before = Date.now();
    const { outcome, nextJobId } = await runCalendarWriteJob({ boss, bookingId, config, keys });
    expect(outcome.status).toBe("write_pending");
    expect(nextJobId).toEqual(expect.any(String));
    const next = await boss.getJobById(CALENDAR_WRITE_QUEUE, nextJobId ?? "");
    expect(next?.data).toEqual({ bookingId });
    expect(new Date(next?.startAfter ?? 0).getTime()).toBeGreaterThanOrEqual(before + 120_000);
    expect(await fetchJobs(bookingId)).toEqual([]);
  });

  it("the sweep queues pending writes that have no job, once", async () => {
    const bookingId = await reserve();
    const later = new Date(Date.now() + 5 * 60_000);
    expect(await enqueuePendingWrites({ boss, now: new Date() })).toBe(0);
    expect(await enqueuePendingWrites({ boss, now: later })).toBeGreaterThanOrEqual(1);
    expect(await enqueuePendingWrites({ boss, now: later })).toBe(0);
    const jobs = await fetchJobs(bookingId);
    expect(jobs).toHaveLength(1);
    await boss.complete(
      CALENDAR_WRITE_QUEUE,
      jobs.map((job) => job.id),
    );
  });

  it("a write queued before a restart is done by the next instance", async () => {
    const bookingId = await reserve();
    await enqueueCalendarWrite({ boss, bookingId });
    await boss.stop({ graceful: false, wait: true });
    boss = await startJobQueue(database.jobStore);
    await registerCalendarWrites(boss, { workers: 1, config, keys });
    await expect.poll(() => bookingStatus(bookingId), { timeout: 20_000, interval: 250 }).toBe("confirmed");
    expect(await findSimulatorBookingItems({ simulator, mailbox: "alice@contoso.test", bookingId })).toHaveLength(1);
  });

  it("enqueue → the registered worker writes the item → the booking is confirmed", async () => {
    const bookingId = await reserve();
    await enqueueCalendarWrite({ boss, bookingId });
    await expect.poll(() => bookingStatus(bookingId), { timeout: 20_000, interval: 250 }).toBe("confirmed");
    expect(await findSimulatorBookingItems({ simulator, mailbox: "alice@contoso.test", bookingId })).toHaveLength(1);
  });
});
