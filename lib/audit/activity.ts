import "server-only";
import { and, desc, eq, gte, lt, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { hasRole } from "@/lib/auth/roles";
import type { CurrentUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { auditEvents, invites, users } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { AUDIT_ACTIONS, type AuditAction, isAuditAction } from "./actions";
import { ACTIVITY_PER_PAGE, type ActivityQuery } from "./activity-query";
import { BY_PERSON } from "./record";

export const FORMER_MEMBER = "former member";
export const SYSTEM_ACTOR = "Slotbridge";

/** Rows one export may hold; a larger trail is exported a date range at a time. */
export const ACTIVITY_EXPORT_LIMIT = 50_000;

export interface ActivityItem {
  id: string;
  at: Date;
  /** The actor's name, "former member" once their account is gone, "Slotbridge" for the system. */
  who: string;
  action: string;
  /** The action's label; an unknown (future or retired) action shows its stored name. */
  what: string;
  /**
   * What the event was about: a member's name or an invite's address, read live (so they go when the
   * account or invite goes), else the page title, connector name or mailbox the line recorded.
   */
  target: string | null;
  /** The rest of the detail, as "key: value" pairs. */
  details: string;
  outcome: string;
  requestId: string | null;
}

const LABEL_KEYS = ["title", "name", "mailbox", "email"] as const;

type Detail = Record<string, string | number | boolean | null>;

function whoDid(row: { actorName: string | null; action: string; detail: Detail }): string {
  if (row.actorName !== null) return row.actorName;
  if (row.detail[BY_PERSON] === true) return FORMER_MEMBER;
  // Lines folded in from the old connection audit log carry no mark; of those only the background check's
  // status changes were the system's.
  if (row.action.startsWith("connection.") && row.action !== "connection.status-changed") return FORMER_MEMBER;
  return SYSTEM_ACTOR;
}

// Actions whose target is an account: once it is gone, the target reads "former member".
const ACCOUNT_TARGETS = new Set<string>([
  "account.signed-in",
  "account.sign-in-failed",
  "account.password-changed",
  "account.password-reset",
  "account.deleted",
  "member.joined",
  "member.role-changed",
  "member.removed",
  "member.password-reset-sent",
]);

function labelsOf(detail: Detail): { target: string | null; details: string } {
  const labelKey = LABEL_KEYS.find((key) => typeof detail[key] === "string" && detail[key] !== "");
  // jsonb keeps keys in its own order (shortest first): sort them, so a line reads the same every time.
  const details = Object.entries(detail)
    .sort(([a], [b]) => a.localeCompare(b))
    .filter(([key, value]) => key !== BY_PERSON && key !== labelKey && value !== null)
    .map(([key, value]) => `${key}: ${String(value)}`)
    .join(" · ");
  return { target: labelKey ? String(detail[labelKey]) : null, details };
}

export function actionLabel(action: string): string {
  return isAuditAction(action) ? AUDIT_ACTIONS[action as AuditAction] : action;
}

function assertMayRead(actor: CurrentUser) {
  if (!hasRole(actor.role, "admin")) throw new AppError("forbidden", "Only owners and admins see the activity.");
}

/** One UTC calendar date to the start of the next, epoch ms: a "to" date is inclusive. */
const dayAfter = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 24 * 60 * 60 * 1000);

function conditions(actor: CurrentUser, query: ActivityQuery): SQL | undefined {
  return and(
    // The organisation comes from the session, never from the address.
    eq(auditEvents.organisationId, actor.organisationId),
    query.person ? eq(auditEvents.actorUserId, query.person) : undefined,
    query.action ? eq(auditEvents.action, query.action) : undefined,
    query.from ? gte(auditEvents.createdAt, new Date(`${query.from}T00:00:00Z`)) : undefined,
    query.to ? lt(auditEvents.createdAt, dayAfter(query.to)) : undefined,
  );
}

const targetUsers = alias(users, "target_users");

async function selectActivity(input: { actor: CurrentUser; query: ActivityQuery; limit: number; offset: number }) {
  const organisationId = input.actor.organisationId;
  const rows = await db()
    .select({
      id: auditEvents.id,
      at: auditEvents.createdAt,
      actorName: users.name,
      targetName: targetUsers.name,
      inviteEmail: invites.email,
      targetId: auditEvents.targetId,
      actorUserId: auditEvents.actorUserId,
      action: auditEvents.action,
      detail: auditEvents.detail,
      outcome: auditEvents.outcome,
      requestId: auditEvents.requestId,
    })
    .from(auditEvents)
    // Scoped twice: an actor from another organisation (never written, but cheap to rule out) shows no name.
    .leftJoin(users, and(eq(users.id, auditEvents.actorUserId), eq(users.organisationId, organisationId)))
    // People and invites are named from their rows, never from the line: erasing them erases the name.
    .leftJoin(
      targetUsers,
      and(sql`${targetUsers.id}::text = ${auditEvents.targetId}`, eq(targetUsers.organisationId, organisationId)),
    )
    .leftJoin(
      invites,
      and(sql`${invites.id}::text = ${auditEvents.targetId}`, eq(invites.organisationId, organisationId)),
    )
    .where(conditions(input.actor, input.query))
    .orderBy(desc(auditEvents.createdAt), desc(auditEvents.id))
    .limit(input.limit)
    .offset(input.offset);
  return rows.map((row): ActivityItem => {
    const labels = labelsOf(row.detail);
    const aboutThemselves = row.targetId !== null && row.targetId === row.actorUserId;
    const person = aboutThemselves
      ? null
      : (row.targetName ?? (ACCOUNT_TARGETS.has(row.action) && row.targetId ? FORMER_MEMBER : null));
    return {
      id: row.id,
      at: row.at,
      who: whoDid(row),
      action: row.action,
      what: actionLabel(row.action),
      target: person ?? row.inviteEmail ?? labels.target,
      details: labels.details,
      outcome: row.outcome,
      requestId: row.requestId,
    };
  });
}

/** One page of the organisation's activity, newest first, for owners and admins. */
export async function loadActivity(input: {
  actor: CurrentUser;
  query: ActivityQuery;
}): Promise<{ items: ActivityItem[]; hasNext: boolean }> {
  assertMayRead(input.actor);
  const rows = await selectActivity({
    actor: input.actor,
    query: input.query,
    limit: ACTIVITY_PER_PAGE + 1,
    offset: (input.query.p - 1) * ACTIVITY_PER_PAGE,
  });
  return { items: rows.slice(0, ACTIVITY_PER_PAGE), hasNext: rows.length > ACTIVITY_PER_PAGE };
}

/** Every event under the filters (up to the export limit), newest first, for the CSV export. */
export async function loadActivityForExport(input: { actor: CurrentUser; query: ActivityQuery }) {
  assertMayRead(input.actor);
  return selectActivity({ actor: input.actor, query: input.query, limit: ACTIVITY_EXPORT_LIMIT, offset: 0 });
}
