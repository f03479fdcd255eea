import "server-only";
import { exchangeConfigFromEnv } from "@/lib/calendars/exchange-config";
import { type ExchangeOutboundConfig, pinOutboundHost } from "@/lib/exchange";
import type { OutboundRefusal } from "@/lib/net/address-policy";
import { checkCertificate } from "@/lib/tls/check-certificate";
import type { CertificateRefused, CertificateReport } from "@/lib/tls/report";
import { loadTrustBundle } from "./certificate-authorities";

/** The address policy's refusal in the certificate report's shape, so the wizard renders one kind of result. */
export interface AddressRefusedReport extends Omit<CertificateRefused, "reason"> {
  reason: "address-refused";
  policyReason: OutboundRefusal;
}

export type ServerCertificateReport = CertificateReport | AddressRefusedReport;

function defaultPort(url: URL): number {
  return url.port ? Number(url.port) : url.protocol === "http:" ? 80 : 443;
}

function refusedByPolicy(input: { url: URL | undefined; policyReason: OutboundRefusal; message: string }) {
  const report: AddressRefusedReport = {
    ok: false,
    host: input.url?.hostname ?? "",
    port: input.url ? defaultPort(input.url) : 0,
    reason: "address-refused",
    policyReason: input.policyReason,
    message: input.message,
    hint: "Use the Exchange server's public host name, or ask the Slotbridge operator to list it in EXCHANGE_ALLOWED_HOSTS.",
    nodeCode: null,
    certificate: null,
    chain: [],
    checkedAt: new Date().toISOString(),
  };
  return report;
}

/**
 * The wizard's certificate step: the address policy first (nothing is sent to a refused address, not even a
 * TLS ClientHello), then one verified handshake to exactly the checked address, trusting the public roots
 * plus EXCHANGE_CA_FILE and this organisation's uploaded CAs.
 */
export async function checkServerCertificate({
  organisationId,
  ewsUrl,
  config = exchangeConfigFromEnv(),
}: {
  /** Whose uploaded CAs are trusted in addition to the public roots and EXCHANGE_CA_FILE. */
  organisationId: string;
  ewsUrl: string;
  config?: ExchangeOutboundConfig;
}): Promise<ServerCertificateReport> {
  let url: URL;
  try {
    url = new URL(ewsUrl);
  } catch {
    return refusedByPolicy({ url: undefined, policyReason: "invalid-host", message: "That is not a valid URL." });
  }
  const pinned = await pinOutboundHost({ url, config });
  if (!pinned.ok) return refusedByPolicy({ url, policyReason: pinned.reason, message: pinned.message });
  const caPem = await loadTrustBundle({ organisationId, config });
  return checkCertificate({
    url: url.toString(),
    timeoutMs: config.timeoutMs,
    lookup: pinned.lookup,
    ...(caPem ? { caPem } : {}),
  });
}
