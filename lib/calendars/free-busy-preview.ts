import "server-only";
import type { CurrentUser } from "@/lib/auth/session";
import type { CredentialKeyRing } from "@/lib/crypto/key-ring";
import { credentialKeysFromEnv } from "@/lib/crypto/vault";
import { findManageableConnection } from "./access";
import { openConnectionAccess } from "./connection-access";
import type { EwsFailure } from "./ews-failures";
import { runEws } from "./ews-session";
import { type FreeBusySlot, PREVIEW_DAYS, readFreeBusy } from "./free-busy";
import { type ExchangeOutboundConfig, exchangeConfigFromEnv } from "./outbound";

export interface FreeBusyPreview {
  mailboxEmail: string;
  windowStart: string;
  windowEnd: string;
  slots: FreeBusySlot[];
}

/** The wizard's "done" proof: this mailbox's own free/busy for the next week, fetched live, stored nowhere. */
export async function fetchFreeBusyPreview({
  actor,
  connectionId,
  config = exchangeConfigFromEnv(),
  keys = credentialKeysFromEnv(),
  now = new Date(),
}: {
  actor: CurrentUser;
  connectionId: string;
  config?: ExchangeOutboundConfig;
  keys?: CredentialKeyRing;
  now?: Date;
}): Promise<{ ok: true; preview: FreeBusyPreview } | ({ ok: false } & EwsFailure)> {
  const row = await findManageableConnection({ actor, connectionId });
  const opened = await openConnectionAccess({ row, config, keys });
  if (!opened.ok) return opened;
  const run = await runEws({
    ...opened.access,
    call: (service) => readFreeBusy({ service, mailbox: row.mailboxEmail, now }),
  });
  if (!run.ok) return { ok: false, ...run.failure };
  return {
    ok: true,
    preview: {
      mailboxEmail: row.mailboxEmail,
      windowStart: now.toISOString(),
      windowEnd: new Date(now.getTime() + PREVIEW_DAYS * 86_400_000).toISOString(),
      slots: run.value,
    },
  };
}
