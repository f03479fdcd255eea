import { CERTIFICATE_FAILURE_REASONS } from "@/lib/tls/report";

/**
 * A connection's status as the Calendars page shows it, derived from what the last check (manual or
 * background) stored. Pure, so the wording and the precedence are tested without a server.
 */

export type ConnectionHealthKind =
  | "not-checked"
  | "working"
  | "certificate-expiring"
  | "certificate-changed"
  | "certificate-refused"
  | "authentication-failing"
  | "mailbox-not-found"
  | "unreachable"
  | "connector-failing"
  | "exchange-error";

export interface ConnectionHealth {
  kind: ConnectionHealthKind;
  label: string;
  tone: "brand" | "amber" | "red" | "neutral";
  /** One sentence on what to do, when there is something to do. */
  hint: string | null;
  /** Failing statuses: since when the checks have been failing. */
  since: Date | null;
}

export interface StoredCheckState {
  lastCheckedAt: Date | null;
  lastErrorReason: string | null;
  failingSince: Date | null;
  certificateFingerprint: string | null;
  presentedFingerprint: string | null;
  certificateExpiresAt: Date | null;
}

/** Warn this many days before the certificate's notAfter. */
export const EXPIRY_WARNING_DAYS = 30;

const DAY_MS = 86_400_000;

const AUTHENTICATION_REASONS = new Set(["wrong-password", "impersonation-denied", "credentials-unreadable"]);
const UNREACHABLE_REASONS = new Set(["unreachable", "timeout", "timed-out", "address-refused"]);
// The certificate check's and the account test's names for a server that offers no TLS 1.2 or newer.
const TLS_VERSION_REASONS = new Set(["tls-too-old", "tls-version"]);
// The certificate check's own reasons (minus the two that mean "not reached"), and the account test's.
const CERTIFICATE_REASONS = new Set<string>([
  ...CERTIFICATE_FAILURE_REASONS.filter((reason) => !UNREACHABLE_REASONS.has(reason)),
  "certificate",
]);

function failing(reason: string, since: Date | null): ConnectionHealth {
  if (AUTHENTICATION_REASONS.has(reason)) {
    return {
      kind: "authentication-failing",
      label: "Authentication failing",
      tone: "red",
      hint:
        reason === "credentials-unreadable"
          ? "The stored password cannot be decrypted with the configured keys. Update the password."
          : reason === "impersonation-denied"
            ? "The service account may no longer act for this mailbox. Ask an Exchange admin, then re-test."
            : "Exchange refuses the stored password (changed or expired?). Update the password.",
      since,
    };
  }
  if (UNREACHABLE_REASONS.has(reason)) {
    return {
      kind: "unreachable",
      label: "Unreachable",
      tone: "red",
      hint: "The Exchange server did not answer. Check that it is up and reachable from the Slotbridge server.",
      since,
    };
  }
  if (TLS_VERSION_REASONS.has(reason)) {
    return {
      kind: "certificate-refused",
      label: "TLS 1.2 not offered",
      tone: "red",
      hint: "The server only offers TLS 1.1 or older; Slotbridge requires TLS 1.2 or newer. Enable TLS 1.2 on the Exchange server, then re-test.",
      since,
    };
  }
  if (CERTIFICATE_REASONS.has(reason)) {
    return {
      kind: "certificate-refused",
      label: "Certificate refused",
      tone: "red",
      hint: "The server's certificate no longer passes verification. Re-test to see the reason and the fix.",
      since,
    };
  }
  if (reason === "connector-offline" || reason === "connector-refused") {
    return {
      kind: "connector-failing",
      label: reason === "connector-offline" ? "Connector offline" : "Refused by the connector",
      tone: "red",
      hint:
        reason === "connector-offline"
          ? "The on-premises connector for this mailbox is not running or cannot reach Slotbridge. Start it, then re-test."
          : "The connector does not serve this mailbox any more, or its policy refused the call. Check its accounts.",
      since,
    };
  }
  if (reason === "mailbox-not-found") {
    return {
      kind: "mailbox-not-found",
      label: "Mailbox not found",
      tone: "red",
      hint: "Exchange no longer knows this mailbox. Was it renamed or removed?",
      since,
    };
  }
  return {
    kind: "exchange-error",
    label: reason === "server-busy" ? "Server busy" : "Exchange error",
    tone: "amber",
    hint: "Exchange answered the last check with an error. Re-test to see it.",
    since,
  };
}

/**
 * The one status to show, most urgent first: a failing check, then a certificate that changed since it was
 * accepted, then one close to expiry, then "working".
 */
export function connectionHealth(state: StoredCheckState, now: Date = new Date()): ConnectionHealth {
  if (!state.lastCheckedAt) {
    return { kind: "not-checked", label: "Not checked yet", tone: "neutral", hint: null, since: null };
  }
  if (state.lastErrorReason) return failing(state.lastErrorReason, state.failingSince);
  if (
    state.presentedFingerprint &&
    state.certificateFingerprint &&
    state.presentedFingerprint !== state.certificateFingerprint
  ) {
    return {
      kind: "certificate-changed",
      label: "Certificate changed since connection",
      tone: "amber",
      hint: "The server presents another valid certificate than when it was connected (a renewal?). Compare the fingerprints with your Exchange admin, then accept it.",
      since: null,
    };
  }
  if (state.certificateExpiresAt) {
    const daysLeft = Math.floor((state.certificateExpiresAt.getTime() - now.getTime()) / DAY_MS);
    if (daysLeft < 0) return failing("expired", null);
    if (daysLeft < EXPIRY_WARNING_DAYS) {
      return {
        kind: "certificate-expiring",
        label:
          daysLeft === 0
            ? "Certificate expires today"
            : `Certificate expires in ${daysLeft} day${daysLeft === 1 ? "" : "s"}`,
        tone: "amber",
        hint: "Ask your Exchange admin to renew the server's certificate before it expires; connections stop then.",
        since: null,
      };
    }
  }
  return { kind: "working", label: "Working", tone: "brand", hint: null, since: null };
}
