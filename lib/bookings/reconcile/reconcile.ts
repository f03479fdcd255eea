import "server-only";
import { and, eq, gt, isNull } from "drizzle-orm";
import { openConnectionAccess } from "@/lib/calendars/connection-access";
import { exchangeConfigFromEnv } from "@/lib/calendars/exchange-config";
import type { CredentialKeyRing } from "@/lib/crypto/key-ring";
import { credentialKeysFromEnv } from "@/lib/crypto/keys-from-env";
import { db } from "@/lib/db";
import { bookingPages, bookings, exchangeConnections } from "@/lib/db/schema";
import {
  type BookingItemFacts,
  type ExchangeOutboundConfig,
  readBookingItems,
  searchBookingItems,
} from "@/lib/exchange";
import { log } from "@/lib/log";
import {
  flagItemMissing,
  isStillAsSeen,
  MOVE_CONFLICT_NOTE,
  moveBookingToItemTimes,
  recordItemFound,
  type SeenBooking,
} from "./reconcile-apply";
import { defaultReconcileEffects, type ReconcileEffects } from "./reconcile-effects";

export interface ReconcileSummary {
  bookings: number;
  unchanged: number;
  relinked: number;
  moved: number;
  conflicts: number;
  cancelled: number;
  flagged: number;
}

export type ReconcileOutcome =
  | { ok: true; summary: ReconcileSummary }
  | { ok: false; reason: "no-connection" | "exchange"; message: string };

interface Candidate extends SeenBooking {
  updatedAt: Date;
  exchangeItemId: string | null;
  exchangeItemMissingSince: Date | null;
  calendarWriteError: string | null;
  notifyCustomer: boolean;
}

const DAY_MS = 24 * 60 * 60_000;
/**
 * How far either side of the bookings the search by property looks for items the host moved (never into
 * the past): an item moved further is flagged or cancelled as missing.
 */
const SEARCH_AROUND_MS = 60 * DAY_MS;
/** Exchange may round times; a booking is only "moved" by more than this. */
const SAME_TIME_MS = 1_000;

/**
 * The connection's future bookings whose item lives in its mailbox and whose organiser owns it. Those with
 * a change of our own still on its way to Exchange (calendarPendingChange) are left alone: the item shows
 * the old state until that change lands, and must not be read as the host's doing.
 */
async function loadCandidates(input: {
  connection: typeof exchangeConnections.$inferSelect;
  now: Date;
}): Promise<Candidate[]> {
  const { connection } = input;
  if (!connection.ownerUserId) return [];
  const rows = await db()
    .select({
      id: bookings.id,
      startsAt: bookings.startsAt,
      endsAt: bookings.endsAt,
      icsSequence: bookings.icsSequence,
      updatedAt: bookings.updatedAt,
      exchangeItemId: bookings.exchangeItemId,
      exchangeItemMissingSince: bookings.exchangeItemMissingSince,
      calendarWriteError: bookings.calendarWriteError,
      notifyCustomer: bookingPages.notifyCustomerOfCalendarChanges,
    })
    .from(bookings)
    .leftJoin(bookingPages, eq(bookingPages.id, bookings.pageId))
    .where(
      and(
        eq(bookings.organisationId, connection.organisationId),
        eq(bookings.organiserUserId, connection.ownerUserId),
        eq(bookings.exchangeMailbox, connection.mailboxEmail),
        eq(bookings.status, "confirmed"),
        isNull(bookings.calendarPendingChange),
        gt(bookings.endsAt, input.now),
      ),
    );
  // A deleted page's bookings still tell their customers, as the setting's default does.
  return rows.map((row) => ({ ...row, notifyCustomer: row.notifyCustomer ?? true }));
}

/** Finds each booking's item: by its stored id first, then (for the rest) by our property in a date range. */
async function findItems(input: {
  access: Parameters<typeof readBookingItems>[0]["access"];
  candidates: Candidate[];
  now: Date;
}): Promise<{ ok: true; items: Map<string, BookingItemFacts> } | { ok: false; message: string }> {
  const items = new Map<string, BookingItemFacts>();
  const withIds = input.candidates.filter((c) => c.exchangeItemId);
  const byId = await readBookingItems({ access: input.access, itemIds: withIds.map((c) => c.exchangeItemId ?? "") });
  if (!byId.ok) return byId;
  for (const candidate of withIds) {
    const facts = byId.value.get(candidate.exchangeItemId ?? "");
    // Only an item carrying this booking's id is this booking's item.
    if (facts && facts.bookingId === candidate.id) items.set(candidate.id, facts);
  }
  const unresolved = input.candidates.filter((c) => !items.has(c.id));
  if (unresolved.length === 0) return { ok: true, items };
  const earliest = Math.min(...unresolved.map((c) => c.startsAt.getTime())) - SEARCH_AROUND_MS;
  const latest = Math.max(...unresolved.map((c) => c.endsAt.getTime())) + SEARCH_AROUND_MS;
  const searched = await searchBookingItems({
    access: input.access,
    from: new Date(Math.max(earliest, input.now.getTime() - DAY_MS)),
    to: new Date(latest),
  });
  if (!searched.ok) return searched;
  for (const candidate of unresolved) {
    const facts = searched.value.get(candidate.id);
    if (facts) items.set(candidate.id, facts);
  }
  return { ok: true, items };
}

const differs = (a: Date, b: Date) => Math.abs(a.getTime() - b.getTime()) > SAME_TIME_MS;

type Decision = keyof Omit<ReconcileSummary, "bookings"> | "stale";

async function settleFound(input: {
  candidate: Candidate;
  facts: BookingItemFacts;
  connectedAt: Date;
  effects: ReconcileEffects;
}): Promise<Decision> {
  const { candidate, facts, effects } = input;
  if (facts.isCancelled) return cancelFromCalendar({ candidate, effects });
  // An answer that leaves the id out names no new one: the stored id stands.
  const itemId = facts.itemId ?? candidate.exchangeItemId;
  // An answer that leaves a time out says nothing about a move: only two times read are compared.
  const { start, end } = facts;
  if (start && end && (differs(start, candidate.startsAt) || differs(end, candidate.endsAt))) {
    const result = await moveBookingToItemTimes({ seen: candidate, itemId, start, end });
    if (result === "moved" && candidate.notifyCustomer) await effects.notifyCustomerOfMove({ bookingId: candidate.id });
    return result === "conflict" ? "conflicts" : result;
  }
  const clearConflictNote = candidate.calendarWriteError === MOVE_CONFLICT_NOTE;
  const seenThroughThisConnection = candidate.updatedAt >= input.connectedAt;
  if (
    itemId === candidate.exchangeItemId &&
    !candidate.exchangeItemMissingSince &&
    !clearConflictNote &&
    seenThroughThisConnection
  ) {
    return "unchanged";
  }
  // The write also moves updatedAt past the connection's start: from now on this item is known to it.
  const recorded = await recordItemFound({ seen: candidate, itemId, clearConflictNote });
  if (!recorded) return "stale";
  return itemId === candidate.exchangeItemId && seenThroughThisConnection ? "unchanged" : "relinked";
}

async function cancelFromCalendar(input: { candidate: Candidate; effects: ReconcileEffects }): Promise<Decision> {
  if (!(await isStillAsSeen(input.candidate))) return "stale";
  await input.effects.cancelBooking({
    bookingId: input.candidate.id,
    by: "calendar",
    reason: "Cancelled in the host's calendar",
  });
  return "cancelled";
}

/**
 * No item anywhere. If this connection has seen the item (the booking was written, or relinked, since the
 * connection was made: its row changed after that), only the host can have deleted it: the booking is
 * cancelled. If not, the item was written through an earlier connection of the mailbox and a disconnect
 * came between; we cannot tell what happened while no one was looking, so the booking is flagged for the
 * host instead, and stays flagged (never cancelled later behind the host's back) until its item turns up
 * or someone acts.
 */
async function settleMissing(input: {
  candidate: Candidate;
  connectedAt: Date;
  now: Date;
  effects: ReconcileEffects;
}): Promise<Decision> {
  const { candidate } = input;
  if (candidate.exchangeItemMissingSince) return "unchanged";
  if (candidate.updatedAt < input.connectedAt) {
    return (await flagItemMissing({ seen: candidate, now: input.now })) ? "flagged" : "stale";
  }
  return cancelFromCalendar({ candidate, effects: input.effects });
}

/**
 * Compares one connection's future bookings with their items in Exchange, live, and brings the bookings in
 * line: relinks items found under a new id, follows items the host moved (booking times and holds), cancels
 * bookings whose items the host deleted or cancelled, flags items gone across a reconnect. Asks Exchange only
 * for our own items' ids, times, cancelled flags and booking id property; stores nothing else. A failing
 * Exchange changes nothing: the next round looks again.
 */
export async function reconcileConnection({
  connectionId,
  config = exchangeConfigFromEnv(),
  keys = credentialKeysFromEnv(),
  now = new Date(),
  effects = defaultReconcileEffects(),
}: {
  connectionId: string;
  config?: ExchangeOutboundConfig;
  keys?: CredentialKeyRing;
  now?: Date;
  effects?: ReconcileEffects;
}): Promise<ReconcileOutcome> {
  const [connection] = await db()
    .select()
    .from(exchangeConnections)
    .where(eq(exchangeConnections.id, connectionId))
    .limit(1);
  if (!connection) return { ok: false, reason: "no-connection", message: "The connection no longer exists." };
  const summary: ReconcileSummary = {
    bookings: 0,
    unchanged: 0,
    relinked: 0,
    moved: 0,
    conflicts: 0,
    cancelled: 0,
    flagged: 0,
  };
  const candidates = await loadCandidates({ connection, now });
  summary.bookings = candidates.length;
  if (candidates.length === 0) return { ok: true, summary };

  const opened = await openConnectionAccess({ row: connection, config, keys });
  if (!opened.ok) return { ok: false, reason: "exchange", message: opened.message };
  const found = await findItems({ access: opened.access, candidates, now });
  if (!found.ok) {
    log.info({ connectionId, bookings: candidates.length }, "booking reconciliation skipped: Exchange failed");
    return { ok: false, reason: "exchange", message: found.message };
  }
  for (const candidate of candidates) {
    const facts = found.items.get(candidate.id);
    const decision = facts
      ? await settleFound({ candidate, facts, connectedAt: connection.createdAt, effects })
      : await settleMissing({ candidate, connectedAt: connection.createdAt, now, effects });
    if (decision !== "stale") summary[decision] += 1;
  }
  log.info({ connectionId, organisationId: connection.organisationId, ...summary }, "booking reconciliation");
  return { ok: true, summary };
}
