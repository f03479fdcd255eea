import { clipToWindow } from "./busy-blocks";
import type { MailboxAnswer } from "./read-availability";
import type { AvailabilityWindow, BusyBlock, MailboxFreeBusy } from "./types";

/**
 * One mailbox's row from the answers of every request that carried the mailbox (one per piece of a split
 * window). Any failed piece makes the row an error, since a partial week would look like free time; a
 * "no data" piece makes it no-data, as permissions do not change between pieces.
 */
export function toMailboxFreeBusy(input: {
  mailbox: string;
  answers: readonly MailboxAnswer[];
  window: AvailabilityWindow;
}): MailboxFreeBusy {
  const { mailbox } = input;
  const failed = input.answers.find((answer) => answer.kind === "error");
  if (failed) return Object.freeze({ mailbox, status: "error", busy: Object.freeze([]), error: failed.reason });
  if (input.answers.some((answer) => answer.kind === "no-data")) {
    return Object.freeze({ mailbox, status: "no-data", busy: Object.freeze([]) });
  }
  const blocks = input.answers.flatMap((answer) => (answer.kind === "events" ? answer.busy : []));
  // Frozen because concurrent viewers share one result: one of them cannot change what another renders.
  const busy = clipToWindow({ blocks, window: input.window }).map((block): BusyBlock => Object.freeze(block));
  return Object.freeze({ mailbox, status: "ok", busy: Object.freeze(busy) });
}
