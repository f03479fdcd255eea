import "server-only";
import type { CredentialKeyRing } from "@/lib/crypto/key-ring";
import type { EwsAccess, EwsFailure, ExchangeOutboundConfig } from "@/lib/exchange";
import { loadTrustBundle, trustBundleOf } from "./certificate-authorities";
import { assertDirectConnection, type ConnectionRow } from "./connection-check";
import { openStoredPassword } from "./stored-password";

/**
 * Everything an EWS call on a stored connection needs: its URL, its account with the password opened for
 * this one use, the organisation's trust bundle, and the mailbox to act as when it is a service account.
 * `organisationCaPems`: the organisation's uploaded CAs when the caller already read them (oldest first,
 * as loadBookablePage does); otherwise they are read here.
 */
export async function openConnectionAccess({
  row,
  config,
  keys,
  organisationCaPems,
}: {
  row: ConnectionRow;
  config: ExchangeOutboundConfig;
  keys: CredentialKeyRing;
  organisationCaPems?: readonly string[];
}): Promise<{ ok: true; access: EwsAccess } | ({ ok: false } & EwsFailure)> {
  const actAs = row.impersonate ? { actAs: row.mailboxEmail } : {};
  if (row.connectorId) {
    return {
      ok: true,
      access: { via: "connector", connectorId: row.connectorId, mailbox: row.mailboxEmail, config, ...actAs },
    };
  }
  assertDirectConnection(row);
  const stored = openStoredPassword({ sealed: row.secret, connectionId: row.id, keys });
  if (!stored.ok) return stored;
  const access: EwsAccess = {
    ewsUrl: row.ewsUrl,
    account: { username: row.authUsername, password: stored.password, authMethod: row.authMethod },
    caPem: organisationCaPems
      ? trustBundleOf({ config, organisationPems: organisationCaPems })
      : await loadTrustBundle({ organisationId: row.organisationId, config }),
    config,
    ...actAs,
  };
  return { ok: true, access };
}
