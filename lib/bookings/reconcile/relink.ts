import "server-only";
import type { CredentialKeyRing } from "@/lib/crypto/key-ring";
import type { ExchangeOutboundConfig } from "@/lib/exchange";
import { runningJobQueue } from "@/lib/jobs/queue";
import { log, summarizeError } from "@/lib/log";
import { reconcileConnection } from "./reconcile";
import { defaultReconcileEffects } from "./reconcile-effects";

/**
 * Right after a mailbox is connected (again): its future bookings find their items by our property, under
 * whatever ids Exchange gives them now, so cancel and reschedule keep reaching Exchange; items gone while no
 * connection existed are flagged for the host. Never fails the connect: if Exchange does not answer now,
 * the periodic reconciliation does the same a few minutes later.
 */
export async function relinkBookingsAfterConnect(input: {
  connectionId: string;
  config: ExchangeOutboundConfig;
  keys: CredentialKeyRing;
}): Promise<void> {
  try {
    const outcome = await reconcileConnection({
      ...input,
      effects: defaultReconcileEffects({ boss: runningJobQueue() }),
    });
    if (!outcome.ok) log.info({ connectionId: input.connectionId, reason: outcome.reason }, "relink postponed");
  } catch (error) {
    log.error({ connectionId: input.connectionId, err: summarizeError(error) }, "relink after connect failed");
  }
}
