import type { EwsFailure, EwsFailureReason } from "../connection/failures";

/** How a mailbox is taken up; "free" never appears: free time is the absence of a block. */
export type BusyStatus = "busy" | "tentative" | "oof" | "working-elsewhere";

/**
 * Everything of a calendar event that leaves lib/exchange: when (ISO-8601 UTC instants) and how busy.
 * Subjects, locations, organisers and item ids have no field here, so they cannot travel further.
 */
export interface BusyBlock {
  readonly start: string;
  readonly end: string;
  readonly status: BusyStatus;
}

export interface AvailabilityWindow {
  start: Date;
  end: Date;
}

/**
 * One mailbox's answer. "no-data": Exchange shares nothing with the asker (no permission, or no free/busy
 * published), which callers show as a state, not as a fault. "error": this mailbox failed while others
 * may have succeeded.
 */
export type MailboxFreeBusy =
  | { readonly mailbox: string; readonly status: "ok" | "no-data"; readonly busy: readonly BusyBlock[] }
  | {
      readonly mailbox: string;
      readonly status: "error";
      readonly busy: readonly BusyBlock[];
      readonly error: EwsFailureReason;
    };

/** ok:false only when no request reached a usable answer, so a page can show one connection banner. */
export type FreeBusyResult =
  | { readonly ok: true; readonly mailboxes: readonly MailboxFreeBusy[] }
  | { readonly ok: false; readonly failure: EwsFailure };
