import "server-only";
import {
  type AvailabilityWindow,
  assertValidWindow,
  type EwsAccess,
  normaliseMailboxes,
  readFreeBusy,
} from "@/lib/exchange";
import { teamLookupKey } from "./lookup-key";
import { createSingleFlight } from "./single-flight";
import type { TeamFreeBusyResult } from "./types";

const inFlight = createSingleFlight<TeamFreeBusyResult>();

async function lookUp(input: EwsAccess & { mailboxes: string[]; window: AvailabilityWindow }) {
  const result = await readFreeBusy(input);
  return result.ok ? Object.freeze({ ok: true as const, members: result.mailboxes }) : result;
}

/**
 * The team's free/busy pattern (lib/exchange's readFreeBusy) for the team view and the booking slots.
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
    start: () => lookUp({ ...access, mailboxes, window }),
  });
}
