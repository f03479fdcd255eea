import "server-only";
import { and, eq } from "drizzle-orm";
import type { BookingRequest } from "@/lib/bookings/public";
import { type BookablePage, computePageSlots } from "@/lib/bookings/slots";
import type { CredentialKeyRing } from "@/lib/crypto/key-ring";
import { createToken, hashToken } from "@/lib/crypto/tokens";
import { db } from "@/lib/db";
import { bookingPageHosts } from "@/lib/db/schema";
import type { ExchangeOutboundConfig } from "@/lib/exchange";
import type { SlotWithHosts } from "@/lib/scheduling/get-slots";
import { pickRoundRobinHost } from "@/lib/scheduling/round-robin";
import { MINUTE_MS } from "@/lib/scheduling/zone-clock";
import { dailyLimitCheck } from "./daily-limit-guard";
import { reserveBooking, SlotTakenError } from "./reserve";

export type CreateBookingResult =
  | { ok: true; bookingId: string; start: Date; end: Date; manageToken: string }
  | { ok: false; error: "slot_taken"; message: string }
  | { ok: false; error: "invalid_input"; message: string; fieldErrors: Record<string, string[]> }
  | { ok: false; error: "calendar_unavailable"; message: string };

const SLOT_TAKEN = "That time is no longer available. Please choose another.";

/**
 * Books `request.start` on `bookable`: re-checks the slot live against Exchange and existing bookings, picks
 * the host (round robin: highest priority, then least recently booked, falling through to the next free
 * host when the constraint or a full day refuses one), and reserves it. The database has the final word:
 * however many requests race, the exclusion constraint on holds lets one have a time and the daily-limit
 * guard lets no host's day take more than the limit; the rest get "slot_taken". The Exchange write follows,
 * outside this function, on the booking id.
 */
export async function createBooking(input: {
  bookable: BookablePage;
  request: BookingRequest;
  now: number;
  config?: ExchangeOutboundConfig;
  keys?: CredentialKeyRing;
}): Promise<CreateBookingResult> {
  const { bookable, request } = input;
  const { page } = bookable;
  const missing = missingAnswers({ bookable, answers: request.answers ?? {} });
  if (missing) return missing;

  const start = request.start.getTime();
  const live = await computePageSlots({
    bookable,
    window: { start, end: start + MINUTE_MS },
    now: input.now,
    config: input.config,
    keys: input.keys,
  });
  if (!live.ok) return { ok: false, error: "calendar_unavailable", message: live.message };
  const slot = live.slots.find((candidate) => candidate.start === start);
  if (!slot) return { ok: false, error: "slot_taken", message: SLOT_TAKEN };

  const manageToken = createToken();
  for (const hostUserIds of hostChoices({ bookable, slot })) {
    const organiserUserId = hostUserIds[0];
    if (!organiserUserId) break;
    try {
      const { bookingId } = await reserveBooking({
        organisationId: page.organisationId,
        pageId: page.id,
        pageTitle: page.title,
        start: new Date(slot.start),
        end: new Date(slot.end),
        hostUserIds,
        organiserUserId,
        bufferBeforeMinutes: page.bufferBeforeMinutes,
        bufferAfterMinutes: page.bufferAfterMinutes,
        customer: { name: request.name, email: request.email, timeZone: request.timeZone, notes: request.notes },
        answers: keptAnswers({ bookable, answers: request.answers ?? {} }),
        manageTokenHash: hashToken(manageToken),
        dailyLimit: dailyLimitCheck({
          dailyLimit: page.dailyLimit,
          hostUserIds,
          start: slot.start,
          hostTimeZones: live.hostTimeZones,
        }),
      });
      if (page.schedulingType === "round_robin") {
        await db()
          .update(bookingPageHosts)
          .set({ lastBookedAt: new Date(input.now) })
          .where(and(eq(bookingPageHosts.pageId, page.id), eq(bookingPageHosts.userId, organiserUserId)));
      }
      return { ok: true, bookingId, start: new Date(slot.start), end: new Date(slot.end), manageToken };
    } catch (error) {
      if (!(error instanceof SlotTakenError)) throw error;
    }
  }
  return { ok: false, error: "slot_taken", message: SLOT_TAKEN };
}

/** The host sets to try, in order: every host at once (collective, single), or each free host in turn. */
function hostChoices(input: { bookable: BookablePage; slot: SlotWithHosts }): string[][] {
  const { bookable, slot } = input;
  if (bookable.page.schedulingType !== "round_robin") return [[...slot.hostIds]];
  const candidates = bookable.hosts.map((host) => ({
    id: host.settings.userId,
    priority: host.settings.priority,
    lastBookedAt: host.settings.lastBookedAt?.getTime() ?? null,
  }));
  const order: string[][] = [];
  let free = [...slot.hostIds];
  for (;;) {
    const next = pickRoundRobinHost({ hosts: candidates, freeHostIds: free });
    if (!next) return order;
    order.push([next]);
    free = free.filter((id) => id !== next);
  }
}

function missingAnswers(input: {
  bookable: BookablePage;
  answers: Record<string, string>;
}): CreateBookingResult | null {
  const fieldErrors: Record<string, string[]> = {};
  for (const question of input.bookable.page.questions) {
    if (question.required && !input.answers[question.id]?.trim()) {
      fieldErrors[`answers.${question.id}`] = [`Please answer "${question.label}".`];
    }
  }
  if (Object.keys(fieldErrors).length === 0) return null;
  return { ok: false, error: "invalid_input", message: "Please answer the required questions.", fieldErrors };
}

/** Only answers to the page's own questions are stored. */
function keptAnswers(input: { bookable: BookablePage; answers: Record<string, string> }): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const question of input.bookable.page.questions) {
    const answer = input.answers[question.id]?.trim();
    if (answer) kept[question.id] = answer;
  }
  return kept;
}
