import type { CredentialKeyRing } from "@/lib/crypto/key-ring";
import type { ExchangeOutboundConfig } from "@/lib/exchange";

export type MailboxConnectedListener = (input: {
  connectionId: string;
  config: ExchangeOutboundConfig;
  keys: CredentialKeyRing;
}) => Promise<void>;

// On globalThis: Next.js bundles start-up (instrumentation) and the routes separately, and the listener
// set at start-up must reach the server actions that connect mailboxes.
const SLOT = Symbol.for("slotbridge.calendars.mailbox-connected");
const slots = globalThis as typeof globalThis & { [SLOT]?: MailboxConnectedListener };

/**
 * What runs right after a mailbox is connected (again): bookings relink their Exchange items. lib/bookings
 * builds on connections, so it is handed in at start-up instead of imported here.
 */
export function setMailboxConnectedListener(listener: MailboxConnectedListener): void {
  slots[SLOT] = listener;
}

export async function mailboxConnected(input: Parameters<MailboxConnectedListener>[0]): Promise<void> {
  await slots[SLOT]?.(input);
}
