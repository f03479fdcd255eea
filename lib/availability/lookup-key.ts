import { createHmac, randomBytes } from "node:crypto";
import type { AvailabilityWindow, EwsAccess } from "@/lib/exchange";

/** Fresh per process: keys are comparable only within it, and a key seen elsewhere reveals nothing. */
const PROCESS_KEY = randomBytes(32);

/**
 * Identifies a lookup for in-flight sharing: same server, same credentials, same trust, same impersonation,
 * same mailboxes (in any order) and same window. Two callers differing in password or trusted CAs must
 * not share an answer, so both are part of it, but only inside an HMAC: the key never holds a secret.
 */
export function teamLookupKey(input: { access: EwsAccess; mailboxes: string[]; window: AvailabilityWindow }): string {
  const { access } = input;
  const route =
    access.via === "connector"
      ? ["connector", access.connectorId, access.mailbox]
      : [
          access.ewsUrl,
          access.account.username.toLowerCase(),
          access.account.authMethod,
          access.account.password,
          access.caPem ?? "",
        ];
  const identity = [
    ...route,
    access.actAs?.toLowerCase() ?? "",
    input.window.start.toISOString(),
    input.window.end.toISOString(),
    ...[...input.mailboxes].sort(),
  ];
  return createHmac("sha256", PROCESS_KEY).update(JSON.stringify(identity)).digest("base64url");
}
