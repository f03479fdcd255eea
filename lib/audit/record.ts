import "server-only";
import { type Database, db, type Transaction } from "@/lib/db";
import { auditEvents } from "@/lib/db/schema";
import { currentRequestId } from "@/lib/request-log";
import type { AuditAction } from "./actions";

export type AuditDetail = Record<string, string | number | boolean | null>;

export interface AuditEventInput {
  /** Null for instance-level events (an organisation deleted or disabled). */
  organisationId: string | null;
  /** Null when the system acted (a job, the background check). */
  actorUserId: string | null;
  action: AuditAction;
  targetId?: string | null;
  /** A short code or label we built ("ok", "wrong-password"): never server text, never a secret. */
  outcome?: string;
  /** Labels and counts only: never a password, a token, event data or a customer's details. */
  detail?: AuditDetail;
}

const MAX_TEXT = 500;

/** The detail key set on every event a person did; read by the Activity page (lib/audit/activity.ts). */
export const BY_PERSON = "byPerson";

function bounded(detail: AuditDetail | undefined): AuditDetail {
  const out: AuditDetail = {};
  for (const [key, value] of Object.entries(detail ?? {})) {
    out[key] = typeof value === "string" ? value.slice(0, MAX_TEXT) : value;
  }
  return out;
}

/**
 * Writes one audit event. Pass the action's transaction (`tx`) so the action and its record stand or fall
 * together; without one the event is written on its own (sign-in failures, which change nothing else).
 */
export async function recordAuditEvent(input: AuditEventInput & { tx?: Transaction | Database }): Promise<void> {
  const requestId = await currentRequestId();
  await (input.tx ?? db()).insert(auditEvents).values({
    organisationId: input.organisationId,
    actorUserId: input.actorUserId,
    action: input.action,
    targetId: input.targetId ?? null,
    outcome: (input.outcome ?? "ok").slice(0, MAX_TEXT),
    // Marks a person's event, so it still reads "former member", not "Slotbridge", once their account is gone.
    detail: { ...bounded(input.detail), ...(input.actorUserId ? { [BY_PERSON]: true } : {}) },
    requestId: requestId?.slice(0, 100) ?? null,
  });
}

/** The organisation and actor of an event done by a signed-in user. */
export function byActor(actor: { organisationId: string; userId: string }) {
  return { organisationId: actor.organisationId, actorUserId: actor.userId };
}
