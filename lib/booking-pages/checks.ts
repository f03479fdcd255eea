import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import {
  type BookingQuestion,
  bookingPageDateOverrides,
  bookingPageHosts,
  exchangeConnections,
  users,
} from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import type { HostSchedule } from "@/lib/scheduling/rules";
import { type RuleProblem, validateRules } from "@/lib/scheduling/validate-rules";
import type { BookingPageRow, Transaction } from "./access";
import { toHostSchedule, toSlotRules } from "./to-engine";

// The checks every save of a page runs inside its transaction, against what the page will be afterwards.

/**
 * Every host must be a member of the page's organisation with an Exchange calendar of their own: slots are
 * computed from the host's live free/busy, so a host without a calendar could only ever be offered blindly.
 */
export async function assertEligibleHosts(input: { tx: Transaction; organisationId: string; userIds: string[] }) {
  const ids = [...new Set(input.userIds)];
  if (ids.length !== input.userIds.length) throw new AppError("invalid_input", "Each member can be a host only once.");
  const members = await input.tx
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(and(eq(users.organisationId, input.organisationId), inArray(users.id, ids)));
  if (members.length !== ids.length) {
    throw new AppError("not_found", "Hosts must be members of your organisation.");
  }
  const connected = await input.tx
    .selectDistinct({ ownerUserId: exchangeConnections.ownerUserId })
    .from(exchangeConnections)
    .where(
      and(eq(exchangeConnections.organisationId, input.organisationId), inArray(exchangeConnections.ownerUserId, ids)),
    );
  const withCalendar = new Set(connected.map((row) => row.ownerUserId));
  const missing = members.filter((member) => !withCalendar.has(member.id));
  if (missing.length > 0) {
    const names = missing.map((member) => member.name).join(", ");
    throw new AppError(
      "invalid_input",
      `${names} ${missing.length === 1 ? "has" : "have"} no connected Exchange calendar. Connect it under Calendars before making ${missing.length === 1 ? "them a host" : "them hosts"}.`,
    );
  }
}

/**
 * Runs the rule checker over the page as it stands in this transaction and refuses malformed or
 * contradictory rules with the checker's own message, naming the host it is about.
 */
export async function assertRulesHold(input: { tx: Transaction; page: BookingPageRow }) {
  const { tx, page } = input;
  const [hosts, overrides] = await Promise.all([
    tx
      .select({ host: bookingPageHosts, name: users.name })
      .from(bookingPageHosts)
      .innerJoin(users, eq(users.id, bookingPageHosts.userId))
      .where(eq(bookingPageHosts.pageId, page.id)),
    tx.select().from(bookingPageDateOverrides).where(eq(bookingPageDateOverrides.pageId, page.id)),
  ]);
  const schedules: HostSchedule[] = hosts.map(({ host }) => toHostSchedule({ host, overrides }));
  const hostAt = (problem: RuleProblem) => {
    const index = /^schedules\[(\d+)\]/.exec(problem.path)?.[1];
    return index === undefined ? undefined : hosts[Number(index)];
  };
  // A host on Exchange working hours keeps weekly hours only as a fallback: those must be well-formed, but
  // "no hours" or "too short" says nothing about the hours Exchange will report.
  const problems = validateRules({ rules: toSlotRules(page), schedules }).filter(
    (problem) => !(problem.kind === "contradictory" && hostAt(problem)?.host.useExchangeWorkingHours),
  );
  if (problems.length === 0) return;
  const messages = problems.map((problem) => {
    const name = hostAt(problem)?.name;
    return name ? `${name}: ${problem.message}` : problem.message;
  });
  throw new AppError("invalid_input", messages.join(" "));
}

/** Question lines ("Company", "Phone *" = required) as stored questions, keeping the ids of unchanged labels. */
export function toQuestions(input: { lines: string[]; previous: readonly BookingQuestion[] }): BookingQuestion[] {
  const used = new Set<string>();
  const parsed = input.lines.map((line) => {
    const required = line.endsWith("*");
    const label = (required ? line.slice(0, -1) : line).trim();
    const kept = input.previous.find((question) => question.label === label && !used.has(question.id));
    if (kept) used.add(kept.id);
    return { label, required, id: kept?.id };
  });
  let next = 1;
  return parsed.map((question) => {
    if (question.id) return { ...question, id: question.id };
    while (used.has(`q${next}`)) next++;
    const id = `q${next}`;
    used.add(id);
    return { ...question, id };
  });
}
