import "server-only";
import { eq } from "drizzle-orm";
import { byActor, recordAuditEvent } from "@/lib/audit/record";
import { hasRole } from "@/lib/auth/roles";
import type { CurrentUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { organisations } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";

export interface WorkWeek {
  /** ISO weekdays, 1 = Monday … 7 = Sunday, ascending. */
  workDays: number[];
  startHour: number;
  endHour: number;
}

export async function getWorkWeek(organisationId: string): Promise<WorkWeek> {
  const [row] = await db()
    .select({
      workDays: organisations.workDays,
      startHour: organisations.workDayStartHour,
      endHour: organisations.workDayEndHour,
    })
    .from(organisations)
    .where(eq(organisations.id, organisationId));
  if (!row) throw new AppError("not_found", "That organisation does not exist.");
  return { ...row, workDays: [...row.workDays].sort((a, b) => a - b) };
}

/** Owners and admins set the work week the team grid shows (validated by schema.ts before it gets here). */
export async function updateWorkWeek({ actor, workWeek }: { actor: CurrentUser; workWeek: WorkWeek }) {
  if (!hasRole(actor.role, "admin"))
    throw new AppError("forbidden", "Only owners and admins can change the work week.");
  await db().transaction(async (tx) => {
    await tx
      .update(organisations)
      .set({
        workDays: [...new Set(workWeek.workDays)].sort((a, b) => a - b),
        workDayStartHour: workWeek.startHour,
        workDayEndHour: workWeek.endHour,
      })
      .where(eq(organisations.id, actor.organisationId));
    await recordAuditEvent({
      tx,
      ...byActor(actor),
      action: "organisation.settings-changed",
      targetId: actor.organisationId,
      detail: { setting: "work-week" },
    });
  });
}
