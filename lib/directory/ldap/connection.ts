import "server-only";
import type { ConnectionOptions } from "node:tls";
import { Client, NoSuchObjectError } from "ldapts";
import type { LdapSettings } from "./settings";

/**
 * Why a directory sign-in failed. `invalid-credentials` covers an unknown name, a wrong password and an
 * empty one alike, so the sign-in page cannot tell them apart; the others are the directory's state.
 */
export type LdapFailureReason =
  | "invalid-credentials"
  | "account-disabled"
  | "no-email"
  | "service-bind-refused"
  | "base-not-found"
  | "certificate"
  | "unreachable";

/** The TLS rules of every directory connection: TLS 1.2 or newer, the certificate checked, never skipped. */
function tlsOptions(input: { url: URL; trustedCaPems?: string[] }): ConnectionOptions {
  return {
    minVersion: "TLSv1.2",
    rejectUnauthorized: true,
    servername: input.url.hostname,
    ...(input.trustedCaPems && input.trustedCaPems.length > 0 ? { ca: input.trustedCaPems } : {}),
  };
}

/**
 * Opens a connection that is encrypted before any credential is sent: ldaps:// from the first byte,
 * ldap:// upgraded with StartTLS (a server that refuses StartTLS is refused).
 */
export async function openClient(input: { settings: LdapSettings; trustedCaPems?: string[] }): Promise<Client> {
  const url = new URL(input.settings.url);
  const tls = tlsOptions({ url, trustedCaPems: input.trustedCaPems });
  const common = { timeout: input.settings.timeoutMs, connectTimeout: input.settings.timeoutMs };
  if (url.protocol === "ldaps:") return new Client({ url: input.settings.url, tlsOptions: tls, ...common });
  const client = new Client({ url: input.settings.url, ...common });
  try {
    await client.startTLS(tls);
  } catch (error) {
    await client.unbind().catch(() => {});
    throw error;
  }
  return client;
}

function isCertificateError(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return (
    typeof code === "string" &&
    /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ERR_TLS|HOSTNAME|ALTNAME|SSL|PROTOCOL_VERSION/.test(code)
  );
}

/** A connection's failure as a reason: the certificate (any TLS refusal), a missing base DN, else unreachable. */
export function failureOf(error: unknown): LdapFailureReason {
  if (isCertificateError(error)) return "certificate";
  if (error instanceof NoSuchObjectError) return "base-not-found";
  return "unreachable";
}
