import type { ExchangeService } from "ews-javascript-api";
import type { ConcreteAuthMethod, DirectEwsAccess, EwsAccess } from "../connection/access";
import { type EwsFailure, mailboxFailure } from "../connection/failures";
import { runDirectEws, runEws } from "../connection/run-ews";
import { type MailboxAnswer, readAvailability } from "./read-availability";
import { coveringUtcDays } from "./request-plan";

export const PROBE_DAYS = 7;
const DAY_MS = 86_400_000;

type ProbeFailure = { ok: false; failure: EwsFailure };
export type ProbeResult = { ok: true; authMethod?: ConcreteAuthMethod } | ProbeFailure;
/** `address`: the mailbox to read (for a connector connection, its own `mailbox` field names the route). */
type Probe = { address: string; now: Date };

/**
 * One live GetUserAvailability (FreeBusy view) for `address` over the next week, its answer dropped: it
 * proves the credentials, the mailbox, the impersonation right and the server version in one call. On a
 * direct connection it tells which authentication method worked ("auto" tries NTLM, then Basic).
 */
export async function probeMailbox(
  input: DirectEwsAccess & Probe,
): Promise<{ ok: true; authMethod: ConcreteAuthMethod } | ProbeFailure>;
export async function probeMailbox(input: EwsAccess & Probe): Promise<ProbeResult>;
export async function probeMailbox(input: EwsAccess & Probe): Promise<ProbeResult> {
  const { address, now, ...access } = input;
  const mailbox = address.trim().toLowerCase();
  const days = coveringUtcDays({ start: now, end: new Date(now.getTime() + PROBE_DAYS * DAY_MS) });
  const call = async (service: ExchangeService) => {
    const [answer] = await readAvailability({ service, mailboxes: [mailbox], days });
    return answer;
  };
  if (access.via === "connector") {
    const run = await runEws({ ...access, call });
    if (!run.ok) return run;
    return refusalOf(run.value) ?? { ok: true };
  }
  const run = await runDirectEws({ ...access, call });
  if (!run.ok) return run;
  return refusalOf(run.value) ?? { ok: true, authMethod: run.authMethod };
}

/** "no-data" passes: the mailbox exists and the account may ask; what it shares is the owner's choice. */
function refusalOf(answer: MailboxAnswer | undefined): ProbeFailure | null {
  if (answer?.kind !== "error") return null;
  return { ok: false, failure: mailboxFailure(answer.reason) };
}
