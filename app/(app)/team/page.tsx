import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { hasRole, ROLE_LABELS } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";
import { listMembers } from "@/lib/organisations/data";
import { listGroups } from "@/lib/team/groups";
import { getWorkWeek } from "@/lib/team/work-week";
import { TeamGrid } from "./team-grid";

export const metadata: Metadata = { title: "Team" };

export default async function TeamPage() {
  const user = await requireUser();
  const [members, groups, workWeek] = await Promise.all([
    listMembers(user.organisationId),
    listGroups({ actor: user }),
    getWorkWeek(user.organisationId),
  ]);
  const canInvite = hasRole(user.role, "admin");
  const inviteButton = canInvite ? (
    <Link href="/settings/members" className={buttonClasses("primary")}>
      Invite people
    </Link>
  ) : undefined;

  return (
    <>
      <PageHeader
        title="Team"
        description={`When the people of ${user.organisationName} are free or busy, live from Exchange.`}
        action={inviteButton}
      />
      <TeamGrid
        members={members.map((m) => ({ id: m.id, name: m.name }))}
        groups={groups.map((g) => ({ id: g.id, name: g.name }))}
        workWeek={workWeek}
        viewerId={user.userId}
      />
      {members.length <= 1 ? (
        <EmptyState title="It's just you so far" action={inviteButton}>
          <p>
            {canInvite
              ? "Invite colleagues by email: they join with their own password and can then be hosts on booking pages."
              : "Ask an admin to invite your colleagues."}
          </p>
        </EmptyState>
      ) : null}
      <h2 className="mt-8 text-sm font-semibold text-slate-900">People</h2>
      <Card className="mt-2">
        <ul className="divide-y divide-slate-100">
          {members.map((member) => (
            <li key={member.id} className="flex items-center justify-between gap-3 px-5 py-3">
              <Link href={`/team/${member.id}`} className="min-w-0 hover:underline">
                <span className="block truncate text-sm font-medium text-slate-900">
                  {member.name}
                  {member.id === user.userId && <span className="text-slate-500"> (you)</span>}
                </span>
                <span className="block truncate text-xs text-slate-500">{member.email}</span>
              </Link>
              <Badge tone={member.role === "member" ? "neutral" : "brand"}>{ROLE_LABELS[member.role]}</Badge>
            </li>
          ))}
        </ul>
      </Card>
    </>
  );
}
