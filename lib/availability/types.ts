import type { EwsFailure, MailboxFreeBusy } from "@/lib/exchange";

/** One member's row of the team's free/busy: lib/exchange's answer for their mailbox. */
export type MemberFreeBusy = MailboxFreeBusy;

/** ok:false only when no request reached a usable answer, so the page can show one connection banner. */
export type TeamFreeBusyResult =
  | { readonly ok: true; readonly members: readonly MemberFreeBusy[] }
  | { readonly ok: false; readonly failure: EwsFailure };
