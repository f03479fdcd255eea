import "server-only";
import { recordAuditEvent } from "@/lib/audit/record";

/**
 * One audit line per sign-in of an existing account. A failure for an address with no account is not
 * recorded: it belongs to no organisation, and the typed address of a non-account is not ours to keep.
 * Never the password, never the typed address: the account's id is the target.
 */
export async function recordSignIn(input: {
  user: { id: string; organisationId: string };
  method: "password" | "microsoft";
  outcome: "ok" | "wrong-password";
}): Promise<void> {
  await recordAuditEvent({
    organisationId: input.user.organisationId,
    actorUserId: input.user.id,
    action: input.outcome === "ok" ? "account.signed-in" : "account.sign-in-failed",
    targetId: input.user.id,
    outcome: input.outcome,
    detail: { method: input.method },
  });
}
