import "server-only";
import type { CurrentUser } from "@/lib/auth/session";
import type { CredentialKeyRing } from "@/lib/crypto/key-ring";
import { credentialKeysFromEnv } from "@/lib/crypto/keys-from-env";
import {
  type BusyBlock,
  type EwsFailure,
  type ExchangeOutboundConfig,
  mailboxFailure,
  readFreeBusy,
} from "@/lib/exchange";
import { findManageableConnection } from "./access";
import { openConnectionAccess } from "./connection-access";
import { exchangeConfigFromEnv } from "./exchange-config";

export const PREVIEW_DAYS = 7;

export interface FreeBusyPreview {
  mailboxEmail: string;
  windowStart: string;
  windowEnd: string;
  slots: readonly BusyBlock[];
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
  const window = { start: now, end: new Date(now.getTime() + PREVIEW_DAYS * 86_400_000) };
  const result = await readFreeBusy({ ...opened.access, mailboxes: [row.mailboxEmail], window });
  if (!result.ok) return { ok: false, ...result.failure };
  const [mailbox] = result.mailboxes;
  if (mailbox?.status === "error") {
    return { ok: false, ...mailboxFailure(mailbox.error) };
  }
  return {
    ok: true,
    preview: {
      mailboxEmail: row.mailboxEmail,
      windowStart: window.start.toISOString(),
      windowEnd: window.end.toISOString(),
      slots: mailbox?.busy ?? [],
    },
  };
}
