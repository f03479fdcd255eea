import "server-only";
import { type EwsRun, runEws } from "@/lib/calendars/ews-session";
import { mapWithConcurrency } from "./bounded-concurrency";
import { teamLookupKey } from "./lookup-key";
import { toMemberFreeBusy } from "./member-result";
import { type MailboxAnswer, readAvailability } from "./read-availability";
import { assertValidWindow, normaliseMailboxes, type PlannedRequest, planRequests } from "./request-plan";
import { retryWhenServerBusy } from "./server-busy-retry";
import { createSingleFlight } from "./single-flight";
import type { AvailabilityWindow, EwsAccess, TeamFreeBusyResult } from "./types";

/** Parallel EWS requests per lookup: well under Exchange's per-account EWSMaxConcurrency (10 or 27). */
const CONCURRENT_REQUESTS = 4;

const inFlight = createSingleFlight<TeamFreeBusyResult>();

/** One planned request under every transport rule (runEws), retried while Exchange says it is busy. */
function runRequest(input: { access: EwsAccess; request: PlannedRequest }): Promise<EwsRun<MailboxAnswer[]>> {
  const { mailboxes, days } = input.request;
  return runEws({
    ...input.access,
    call: (service) => retryWhenServerBusy({ attempt: () => readAvailability({ service, mailboxes, days }) }),
  });
}

/** Each mailbox's answers across the requests that carried it; a failed request fails its mailboxes only. */
function collectAnswers(input: {
  plan: PlannedRequest[];
  runs: EwsRun<MailboxAnswer[]>[];
}): Map<string, MailboxAnswer[]> {
  const byMailbox = new Map<string, MailboxAnswer[]>();
  input.plan.forEach((request, index) => {
    const run = input.runs[index];
    request.mailboxes.forEach((mailbox, position) => {
      const answer: MailboxAnswer | undefined =
        run && !run.ok ? { kind: "error", reason: run.failure.reason } : run?.value[position];
      const answers = byMailbox.get(mailbox) ?? [];
      if (answer) answers.push(answer);
      byMailbox.set(mailbox, answers);
    });
  });
  return byMailbox;
}

async function lookUp(input: {
  access: EwsAccess;
  mailboxes: string[];
  window: AvailabilityWindow;
}): Promise<TeamFreeBusyResult> {
  const plan = planRequests({ mailboxes: input.mailboxes, window: input.window });
  const runs = await mapWithConcurrency({
    items: plan,
    limit: CONCURRENT_REQUESTS,
    run: (request) => runRequest({ access: input.access, request }),
  });
  const failures = runs.flatMap((run) => (run.ok ? [] : [run.failure]));
  // Nothing worked: one connection-level failure (unreachable, wrong password, …) for the page's banner.
  if (failures[0] && failures.length === runs.length) {
    return Object.freeze({ ok: false, failure: Object.freeze(failures[0]) });
  }
  const answers = collectAnswers({ plan, runs });
  const members = input.mailboxes.map((mailbox) =>
    toMemberFreeBusy({ mailbox, answers: answers.get(mailbox) ?? [], window: input.window }),
  );
  return Object.freeze({ ok: true, members: Object.freeze(members) });
}

/**
 * The free/busy pattern of `mailboxes` (any case, duplicates ignored; rows come back lower-cased, in the
 * order given) over `window`, fetched live from Exchange with the FreeBusy view and stored nowhere.
 * Identical lookups running at the same time share one set of EWS calls; the result is frozen because it
 * may be shared. Throws RangeError for a window whose end is not after its start (validate input first).
 */
export async function fetchTeamFreeBusy(
  input: EwsAccess & { mailboxes: readonly string[]; window: AvailabilityWindow },
): Promise<TeamFreeBusyResult> {
  const { mailboxes: asked, window: askedWindow, ...access } = input;
  assertValidWindow(askedWindow);
  const mailboxes = normaliseMailboxes(asked);
  if (mailboxes.length === 0) return { ok: true, members: [] };
  // Copied so a caller changing its Date objects afterwards cannot change a lookup in flight.
  const window = { start: new Date(askedWindow.start), end: new Date(askedWindow.end) };
  return inFlight.run({
    key: teamLookupKey({ access, mailboxes, window }),
    start: () => lookUp({ access, mailboxes, window }),
  });
}
