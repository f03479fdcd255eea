import type { Metadata } from "next";
import Link from "next/link";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { hasRole, ROLE_LABELS } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";
import { listOrganisationCas } from "@/lib/calendars/certificate-authorities";
import { listMembers } from "@/lib/organisations/data";
import { listGroups } from "@/lib/team/groups";
import { getWorkWeek } from "@/lib/team/work-week";
import { AddCertificateAuthorityForm, RemoveCertificateAuthorityForm } from "./certificate-authority-forms";
import { DomainsSection } from "./domains-section";
import { CustomerDataSection, DeletionSection } from "./erasure-section";
import { ChangePasswordForm, RenameOrganisationForm } from "./settings-forms";
import { DeleteGroupForm, GroupForm, WorkWeekForm } from "./team-forms";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const user = await requireUser();
  const isAdmin = hasRole(user.role, "admin");
  const isOwner = user.role === "owner";
  const authorities = isOwner ? await listOrganisationCas({ actor: user }) : [];
  const [workWeek, groups, members] = isAdmin
    ? await Promise.all([
        getWorkWeek(user.organisationId),
        listGroups({ actor: user }),
        listMembers(user.organisationId),
      ])
    : [null, [], []];
  const memberOptions = members.map((m) => ({ id: m.id, name: m.name }));
  return (
    <>
      <PageHeader title="Settings" />
      <div className="space-y-6">
        <Card>
          <CardHeader
            title="Your account"
            description={`${user.email} · ${ROLE_LABELS[user.role]} of ${user.organisationName}`}
          />
          <CardBody>
            <ChangePasswordForm />
          </CardBody>
        </Card>
        {isAdmin && (
          <Card>
            <CardHeader
              title="Organisation"
              action={
                <Link href="/settings/members" className="text-sm font-medium text-brand-600 hover:underline">
                  Members and invites →
                </Link>
              }
            />
            <CardBody>
              <RenameOrganisationForm name={user.organisationName} />
            </CardBody>
          </Card>
        )}
        {isAdmin && (
          <Card>
            <CardHeader
              title="Activity"
              description="Who signed in and what changed: members, calendars, connectors, booking pages, exports."
              action={
                <Link href="/settings/activity" className="text-sm font-medium text-brand-600 hover:underline">
                  View activity →
                </Link>
              }
            />
          </Card>
        )}
        {isAdmin && workWeek && (
          <Card>
            <CardHeader
              title="Team availability"
              description="The work week the Team page shows, and groups of members to filter it by."
            />
            <CardBody className="space-y-6">
              <WorkWeekForm {...workWeek} />
              <div className="space-y-3" data-testid="groups">
                <h3 className="text-sm font-semibold text-slate-900">Groups</h3>
                {groups.map((group) => (
                  <details key={group.id} className="rounded-md border border-slate-200 px-4 py-3">
                    <summary className="flex cursor-pointer items-center justify-between gap-3 text-sm">
                      <span>
                        <span className="font-medium text-slate-900">{group.name}</span>{" "}
                        <span className="text-slate-500">
                          {group.memberIds.length} member{group.memberIds.length === 1 ? "" : "s"}
                        </span>
                      </span>
                      <DeleteGroupForm groupId={group.id} name={group.name} />
                    </summary>
                    <div className="mt-3">
                      <GroupForm members={memberOptions} group={group} />
                    </div>
                  </details>
                ))}
                <details className="rounded-md border border-dashed border-slate-300 px-4 py-3">
                  <summary className="cursor-pointer text-sm font-medium text-brand-700">New group</summary>
                  <div className="mt-3">
                    <GroupForm members={memberOptions} />
                  </div>
                </details>
              </div>
            </CardBody>
          </Card>
        )}
        {isOwner && <DomainsSection user={user} />}
        {isOwner && (
          <Card>
            <CardHeader
              title="Private certificate authority"
              description="If your Exchange server's certificate comes from your organisation's own CA, add that CA's root certificate. It is trusted for this organisation's Exchange connections only, in addition to the public roots."
            />
            {authorities.length > 0 && (
              <ul className="divide-y divide-slate-100 border-b border-slate-100">
                {authorities.map((authority) => (
                  <li
                    key={authority.id}
                    className="flex flex-wrap items-center justify-between gap-3 px-5 py-3"
                    data-testid="certificate-authority"
                  >
                    <div className="min-w-0 text-sm">
                      <p className="font-medium text-slate-900">{authority.subject}</p>
                      <p className="break-all font-mono text-xs text-slate-500">
                        SHA-256 {authority.fingerprintSha256}
                      </p>
                    </div>
                    <RemoveCertificateAuthorityForm caId={authority.id} subject={authority.subject} />
                  </li>
                ))}
              </ul>
            )}
            <CardBody>
              <AddCertificateAuthorityForm />
            </CardBody>
          </Card>
        )}
        <CustomerDataSection user={user} />
        <DeletionSection user={user} />
      </div>
    </>
  );
}
