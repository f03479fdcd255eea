import type { EwsAccess } from "../connection/access";
import { mapWithConcurrency } from "../connection/bounded-concurrency";
import { type EwsRun, runEws } from "../connection/run-ews";
import { retryWhenServerBusy } from "../connection/server-busy-retry";
import { toMailboxFreeBusy } from "./mailbox-result";
import { type MailboxAnswer, readAvailability } from "./read-availability";
import { assertValidWindow, normaliseMailboxes, type PlannedRequest, planRequests } from "./request-plan";
import type { AvailabilityWindow, FreeBusyResult } from "./types";

/** Parallel EWS requests per lookup: well under Exchange's per-account EWSMaxConcurrency (10 or 27). */
const CONCURRENT_REQUESTS = 4;

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

/**
 * The free/busy pattern of `mailboxes` (any case, duplicates ignored; rows come back lower-cased, in the
 * order given) over `window`, read live from Exchange with the FreeBusy view (never Detailed: data never
 * fetched cannot leak) and stored nowhere. The one reader behind the wizard's preview, the connection
 * check, the team view and the booking slots. Mailboxes go 100 to a request, windows 42 days to one, four
 * requests at a time. The result is frozen because callers may share it. Throws RangeError for a window
 * whose end is not after its start (validate input first).
 */
export async function readFreeBusy(
  input: EwsAccess & { mailboxes: readonly string[]; window: AvailabilityWindow },
): Promise<FreeBusyResult> {
  const { mailboxes: asked, window, ...access } = input;
  assertValidWindow(window);
  const mailboxes = normaliseMailboxes(asked);
  if (mailboxes.length === 0) return Object.freeze({ ok: true, mailboxes: Object.freeze([]) });
  const plan = planRequests({ mailboxes, window });
  const runs = await mapWithConcurrency({
    items: plan,
    limit: CONCURRENT_REQUESTS,
    run: (request) => runRequest({ access, request }),
  });
  const failures = runs.flatMap((run) => (run.ok ? [] : [run.failure]));
  // Nothing worked: one connection-level failure (unreachable, wrong password, …) for the page's banner.
  if (failures[0] && failures.length === runs.length) {
    return Object.freeze({ ok: false, failure: Object.freeze(failures[0]) });
  }
  const answers = collectAnswers({ plan, runs });
  const rows = mailboxes.map((mailbox) => toMailboxFreeBusy({ mailbox, answers: answers.get(mailbox) ?? [], window }));
  return Object.freeze({ ok: true, mailboxes: Object.freeze(rows) });
}
