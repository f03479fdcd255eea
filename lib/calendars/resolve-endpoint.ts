import "server-only";
import { exchangeConfigFromEnv } from "@/lib/calendars/exchange-config";
import {
  AUTODISCOVER_POX_PATH,
  type DiscoverEwsUrlResult,
  discoverEwsUrl,
  discoverEwsUrlPox,
  type EwsAccount,
  type ExchangeOutboundConfig,
  parseEwsUrl,
  pinOutboundHost,
  toEwsAuth,
} from "@/lib/exchange";

export interface ResolveEwsEndpointInput {
  email: string;
  /** The admin's own EWS URL, when autodiscover failed or is not wanted. */
  manualUrl?: string;
  /**
   * Autodiscover needs credentials (Exchange answers 401 before saying anything), so the wizard asks for
   * the account on the first step and reuses it for the account test; the password stays in the form and is
   * never sent back. That order is safe because credentials only go over TLS verified against the trust
   * bundle, to an address the policy checked, and never to a host autodiscover redirects to. Without an
   * account, autodiscover is skipped and the admin enters the URL.
   */
  account?: EwsAccount;
  /** Extra trusted roots (the organisation's trust bundle). */
  caPem?: string;
  /** Replaces the standard candidates (tests, or an admin-given autodiscover host). */
  autodiscoverUrls?: string[];
  config?: ExchangeOutboundConfig;
}

export type ResolveEwsEndpointResult =
  | { ok: true; ewsUrl: string; source: "manual" | "autodiscover" }
  | {
      ok: false;
      reason: "invalid-url" | "address-refused" | "autodiscover-failed";
      message: string;
      attempts: string[];
    };

const HOST_FAILURES = new Set<string>(["tls", "tls_version", "network", "timeout"]);

/** The standard SOAP autodiscover locations for a domain, in the order Exchange clients try them. */
export function autodiscoverCandidates(email: string): string[] {
  const domain = email.slice(email.lastIndexOf("@") + 1).toLowerCase();
  return [
    `https://${domain}/autodiscover/autodiscover.svc`,
    `https://autodiscover.${domain}/autodiscover/autodiscover.svc`,
  ];
}

function failureWords(result: Extract<DiscoverEwsUrlResult, { ok: false }>): string {
  const { failure } = result;
  if (failure.reason === "transport") {
    const words = {
      tls: "its certificate was refused",
      tls_version: "it only offers TLS 1.1 or older (Slotbridge requires TLS 1.2 or newer)",
      timeout: "it did not answer in time",
      network: "it could not be reached",
    };
    return words[failure.code as keyof typeof words] ?? failure.message;
  }
  return failure.message;
}

async function checkedEndpoint(input: { value: string; config: ExchangeOutboundConfig }) {
  const parsed = parseEwsUrl(input.value);
  if (!parsed.ok) return { ok: false as const, reason: "invalid-url" as const, message: parsed.message };
  const pinned = await pinOutboundHost({ url: parsed.url, config: input.config });
  if (!pinned.ok) return { ok: false as const, reason: "address-refused" as const, message: pinned.message };
  return { ok: true as const, ewsUrl: parsed.url.toString() };
}

/**
 * The wizard's server step: a manual URL when given (shape + address policy), else SOAP autodiscover (then
 * POX on the same host when SOAP is missing or fails) over each candidate, each host checked by the address policy before anything is sent to it. A failure lists what
 * happened at every candidate in plain words, so the admin knows why they are asked for the URL.
 */
export async function resolveEwsEndpoint(input: ResolveEwsEndpointInput): Promise<ResolveEwsEndpointResult> {
  const config = input.config ?? exchangeConfigFromEnv();
  if (input.manualUrl) {
    const checked = await checkedEndpoint({ value: input.manualUrl, config });
    return checked.ok ? { ...checked, source: "manual" } : { ...checked, attempts: [] };
  }
  if (!input.account) {
    return {
      ok: false,
      reason: "autodiscover-failed",
      message: "Autodiscover needs the account's user name and password; or enter the EWS URL yourself.",
      attempts: [],
    };
  }
  const attempts: string[] = [];
  for (const candidate of input.autodiscoverUrls ?? autodiscoverCandidates(input.email)) {
    const url = new URL(candidate);
    const pinned = await pinOutboundHost({ url, config });
    if (!pinned.ok) {
      attempts.push(`${url.host}: ${pinned.message}`);
      continue;
    }
    const methods = input.account.authMethod === "auto" ? (["ntlm", "basic"] as const) : [input.account.authMethod];
    // SOAP first; POX (autodiscover.xml, same host) when the SOAP service is missing or answers with an error.
    for (const protocol of ["soap", "pox"] as const) {
      const endpoint = protocol === "soap" ? url : new URL(AUTODISCOVER_POX_PATH, url);
      let retryWithPox = false;
      for (const kind of methods) {
        const discover = protocol === "soap" ? discoverEwsUrl : discoverEwsUrlPox;
        const result = await discover({
          email: input.email,
          autodiscoverUrl: endpoint.toString(),
          auth: toEwsAuth({ account: input.account, kind }),
          timeoutMs: config.timeoutMs,
          lookup: pinned.lookup,
          ...(input.caPem ? { caPem: input.caPem } : {}),
        });
        if (result.ok) {
          // What autodiscover returns is server input too: same shape rules, same address policy.
          const checked = await checkedEndpoint({ value: result.ewsUrl, config });
          if (checked.ok) return { ...checked, source: "autodiscover" };
          attempts.push(`${url.host} named ${result.ewsUrl}, which was refused: ${checked.message}`);
          break;
        }
        attempts.push(`${url.host} (${protocol === "pox" ? "POX, " : ""}${kind}): ${failureWords(result)}`);
        // The host itself failing (TLS, network, time-out) fails POX there too; anything else may be the SOAP
        // service alone (missing, erroring, or not offering NTLM on a path that does not exist).
        retryWithPox = !(result.failure.reason === "transport" && HOST_FAILURES.has(result.failure.code));
        if (result.failure.reason !== "auth_failed") break;
      }
      if (!retryWithPox) break;
    }
  }
  return {
    ok: false,
    reason: "autodiscover-failed",
    message: `Autodiscover did not find the EWS URL. ${attempts.join(" ")} Enter the EWS URL by hand.`,
    attempts,
  };
}
