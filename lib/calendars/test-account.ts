import "server-only";
import type { ExchangeAuthMethod } from "@/lib/db/schema";
import { type ConcreteAuthMethod, type EwsFailure, type ExchangeOutboundConfig, probeMailbox } from "@/lib/exchange";
import { loadTrustBundle } from "./certificate-authorities";
import { exchangeConfigFromEnv } from "./exchange-config";

export interface TestAccountInput {
  /** Whose uploaded CAs are trusted, as for the certificate step. */
  organisationId: string;
  ewsUrl: string;
  /** UPN or DOMAIN\user. */
  username: string;
  password: string;
  authMethod: ExchangeAuthMethod;
  /** The mailbox whose calendar is connected (lower-cased here). */
  mailbox: string;
  /** The account is a service account acting for `mailbox` through ExchangeImpersonation. */
  impersonate?: boolean;
  config?: ExchangeOutboundConfig;
}

export type TestAccountResult = { ok: true; authMethod: ConcreteAuthMethod } | ({ ok: false } & EwsFailure);

/**
 * The wizard's account step: one live GetUserAvailability (FreeBusy view) for the mailbox over the next
 * week, which proves the credentials, the mailbox, the impersonation right and the server version in one
 * call. The answer's contents are dropped. The trust bundle is the organisation's, as for the
 * certificate step, so an account test never trusts more than the check the admin saw.
 */
export async function testAccount(input: TestAccountInput): Promise<TestAccountResult> {
  const config = input.config ?? exchangeConfigFromEnv();
  const mailbox = input.mailbox.trim().toLowerCase();
  const caPem = await loadTrustBundle({ organisationId: input.organisationId, config });
  const probe = await probeMailbox({
    ewsUrl: input.ewsUrl,
    account: { username: input.username, password: input.password, authMethod: input.authMethod },
    caPem,
    config,
    ...(input.impersonate ? { actAs: mailbox } : {}),
    address: mailbox,
    now: new Date(),
  });
  if (!probe.ok) return { ok: false, ...probe.failure };
  return { ok: true, authMethod: probe.authMethod };
}
