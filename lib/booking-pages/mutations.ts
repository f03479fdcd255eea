import "server-only";
import { and, eq } from "drizzle-orm";
import type { AuditAction } from "@/lib/audit/actions";
import { byActor, recordAuditEvent } from "@/lib/audit/record";
import type { CurrentUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { isUniqueViolation } from "@/lib/db/errors";
import { bookingPageDateOverrides, bookingPageHosts, bookingPages, type WeeklyWindow } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { isKnownTimeZone } from "@/lib/scheduling/zone-clock";
import { assertMayHost, type BookingPageRow, findEditablePage, type Transaction } from "./access";
import { assertEligibleHosts, assertRulesHold, toQuestions } from "./checks";
import type { BasicsInput, CreatePageInput, HostInput, HostsInput, RulesInput } from "./schema";

// Every write: access first, then the change and the rule check in one transaction with the page locked,
// so a refused save leaves nothing behind and two editors cannot interleave past the checks.

const SLUG_TAKEN = "That public address is already taken. Choose another.";

/** One audit line per saved change: the page's title and address as labels, never its contents. */
function recordPageEvent(input: {
  tx: Transaction;
  actor: CurrentUser;
  action: AuditAction;
  page: Pick<BookingPageRow, "id" | "title" | "slug">;
  part?: "basics" | "rules" | "hosts" | "date-override";
}) {
  const { tx, actor, action, page, part } = input;
  const detail = { title: page.title, slug: page.slug, ...(part ? { part } : {}) };
  return recordAuditEvent({ tx, ...byActor(actor), action, targetId: page.id, detail });
}

/** A new page starts on weekdays 09:00–17:00 in the host's zone; the editor changes them. */
const DEFAULT_HOURS: WeeklyWindow[] = [1, 2, 3, 4, 5].map((day) => ({ day, startMinute: 540, endMinute: 1020 }));

function assertZone(timeZone: string) {
  if (!isKnownTimeZone(timeZone)) throw new AppError("invalid_input", `Unknown time zone "${timeZone}".`);
}

async function withSlugCheck<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error, "booking_pages_slug_key")) throw new AppError("conflict", SLUG_TAKEN);
    throw error;
  }
}

/** A draft page with one host (members: themselves), on default hours. */
export async function createBookingPage(input: {
  actor: CurrentUser;
  page: CreatePageInput;
}): Promise<{ pageId: string }> {
  const { actor, page } = input;
  assertMayHost({ actor, hostUserIds: [page.hostUserId] });
  assertZone(page.hostTimeZone);
  return withSlugCheck(() =>
    db().transaction(async (tx) => {
      await assertEligibleHosts({ tx, organisationId: actor.organisationId, userIds: [page.hostUserId] });
      const [row] = await tx
        .insert(bookingPages)
        .values({
          organisationId: actor.organisationId,
          slug: page.slug,
          title: page.title,
          description: page.description,
          durationMinutes: page.durationMinutes,
          slotIntervalMinutes: page.slotIntervalMinutes,
          location: page.location,
          questions: toQuestions({ lines: page.questionLines, previous: [] }),
          createdById: actor.userId,
        })
        .returning();
      if (!row) throw new Error("booking page insert returned no row");
      await tx.insert(bookingPageHosts).values({
        pageId: row.id,
        userId: page.hostUserId,
        timeZone: page.hostTimeZone,
        weeklyHours: DEFAULT_HOURS,
      });
      await assertRulesHold({ tx, page: row });
      await recordPageEvent({ tx, actor, action: "booking-page.created", page: row });
      return { pageId: row.id };
    }),
  );
}

export async function updateBookingPageBasics(input: { actor: CurrentUser; pageId: string; basics: BasicsInput }) {
  const { actor, pageId, basics } = input;
  await withSlugCheck(() =>
    db().transaction(async (tx) => {
      const current = await findEditablePage({ actor, pageId, tx });
      const [page] = await tx
        .update(bookingPages)
        .set({
          title: basics.title,
          slug: basics.slug,
          description: basics.description,
          durationMinutes: basics.durationMinutes,
          slotIntervalMinutes: basics.slotIntervalMinutes,
          location: basics.location,
          questions: toQuestions({ lines: basics.questionLines, previous: current.questions }),
        })
        .where(eq(bookingPages.id, pageId))
        .returning();
      if (page) await assertRulesHold({ tx, page });
      await recordPageEvent({ tx, actor, action: "booking-page.changed", page: page ?? current, part: "basics" });
    }),
  );
}

export async function updateBookingPageRules(input: { actor: CurrentUser; pageId: string; rules: RulesInput }) {
  const { actor, pageId, rules } = input;
  await db().transaction(async (tx) => {
    const current = await findEditablePage({ actor, pageId, tx });
    const [page] = await tx.update(bookingPages).set(rules).where(eq(bookingPages.id, pageId)).returning();
    if (page) await assertRulesHold({ tx, page });
    await recordPageEvent({ tx, actor, action: "booking-page.changed", page: current, part: "rules" });
  });
}

function toWeeklyHours(host: HostInput): WeeklyWindow[] {
  return host.weekly
    .map((window) => ({ day: window.day, startMinute: window.start, endMinute: window.end }))
    .sort((a, b) => a.day - b.day || a.startMinute - b.startMinute);
}

/**
 * Replaces the page's hosts and how they are assigned. A host's booking history (lastBookedAt, for round
 * robin) survives when they stay; the date overrides of hosts who leave go with them.
 */
export async function setBookingPageHosts(input: { actor: CurrentUser; pageId: string } & HostsInput) {
  const { actor, pageId, schedulingType, hosts } = input;
  if (schedulingType === "single" && hosts.length !== 1) {
    throw new AppError(
      "invalid_input",
      "A one-host page has exactly one host. Choose round robin or collective for more.",
    );
  }
  assertMayHost({ actor, hostUserIds: hosts.map((host) => host.userId) });
  for (const host of hosts) assertZone(host.timeZone);
  await db().transaction(async (tx) => {
    const current = await findEditablePage({ actor, pageId, tx });
    await assertEligibleHosts({ tx, organisationId: actor.organisationId, userIds: hosts.map((h) => h.userId) });
    const previous = await tx.select().from(bookingPageHosts).where(eq(bookingPageHosts.pageId, pageId));
    await tx.delete(bookingPageHosts).where(eq(bookingPageHosts.pageId, pageId));
    await tx.insert(bookingPageHosts).values(
      hosts.map((host) => ({
        pageId,
        userId: host.userId,
        priority: schedulingType === "round_robin" ? host.priority : 0,
        timeZone: host.timeZone,
        weeklyHours: toWeeklyHours(host),
        useExchangeWorkingHours: host.useExchangeWorkingHours,
        lastBookedAt: previous.find((row) => row.userId === host.userId)?.lastBookedAt ?? null,
      })),
    );
    const staying = new Set(hosts.map((host) => host.userId));
    for (const row of previous) {
      if (staying.has(row.userId)) continue;
      await tx
        .delete(bookingPageDateOverrides)
        .where(and(eq(bookingPageDateOverrides.pageId, pageId), eq(bookingPageDateOverrides.userId, row.userId)));
    }
    const [page] = await tx.update(bookingPages).set({ schedulingType }).where(eq(bookingPages.id, pageId)).returning();
    await assertRulesHold({ tx, page: page ?? current });
    await recordPageEvent({ tx, actor, action: "booking-page.changed", page: current, part: "hosts" });
  });
}

/** Sets one host's hours on one local date, replacing any earlier override; no windows = a blackout. */
export async function setDateOverride(input: {
  actor: CurrentUser;
  pageId: string;
  userId: string;
  date: string;
  windows: Array<{ startMinute: number; endMinute: number }>;
}) {
  const { actor, pageId, userId, date, windows } = input;
  await db().transaction(async (tx) => {
    const page = await findEditablePage({ actor, pageId, tx });
    const [host] = await tx
      .select({ userId: bookingPageHosts.userId })
      .from(bookingPageHosts)
      .where(and(eq(bookingPageHosts.pageId, pageId), eq(bookingPageHosts.userId, userId)));
    if (!host) throw new AppError("not_found", "That member is not a host of this page.");
    await tx
      .insert(bookingPageDateOverrides)
      .values({ pageId, userId, date, windows })
      .onConflictDoUpdate({
        target: [bookingPageDateOverrides.pageId, bookingPageDateOverrides.userId, bookingPageDateOverrides.date],
        set: { windows },
      });
    await assertRulesHold({ tx, page });
    await recordPageEvent({ tx, actor, action: "booking-page.changed", page, part: "date-override" });
  });
}

export async function removeDateOverride(input: { actor: CurrentUser; pageId: string; overrideId: string }) {
  const { actor, pageId, overrideId } = input;
  await db().transaction(async (tx) => {
    const page = await findEditablePage({ actor, pageId, tx });
    const removed = await tx
      .delete(bookingPageDateOverrides)
      .where(and(eq(bookingPageDateOverrides.id, overrideId), eq(bookingPageDateOverrides.pageId, pageId)))
      .returning({ id: bookingPageDateOverrides.id });
    if (removed.length === 0) throw new AppError("not_found", "That date override does not exist.");
    // Removing a window can leave no hours at all (e.g. only dated windows): check like any save.
    await assertRulesHold({ tx, page });
    await recordPageEvent({ tx, actor, action: "booking-page.changed", page, part: "date-override" });
  });
}

/** Publishing needs hosts and rules that hold; unpublishing always works (bookings already made stay). */
export async function setBookingPagePublished(input: { actor: CurrentUser; pageId: string; published: boolean }) {
  const { actor, pageId, published } = input;
  await db().transaction(async (tx) => {
    const page = await findEditablePage({ actor, pageId, tx });
    if (published) {
      const hosts = await tx
        .select({ userId: bookingPageHosts.userId })
        .from(bookingPageHosts)
        .where(eq(bookingPageHosts.pageId, pageId));
      if (hosts.length === 0) throw new AppError("invalid_input", "Add a host before publishing this page.");
      await assertEligibleHosts({ tx, organisationId: actor.organisationId, userIds: hosts.map((h) => h.userId) });
      await assertRulesHold({ tx, page });
    }
    await tx.update(bookingPages).set({ published }).where(eq(bookingPages.id, pageId));
    const action = published ? "booking-page.published" : "booking-page.unpublished";
    await recordPageEvent({ tx, actor, action, page });
  });
}

/** Deletes the page with its hosts and overrides (cascade); bookings keep their copy of the title. */
export async function deleteBookingPage(input: { actor: CurrentUser; pageId: string }) {
  await db().transaction(async (tx) => {
    const page = await findEditablePage({ ...input, tx });
    await tx.delete(bookingPages).where(eq(bookingPages.id, input.pageId));
    await recordPageEvent({ tx, actor: input.actor, action: "booking-page.deleted", page });
  });
}
