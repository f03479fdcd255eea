import type { Metadata } from "next";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { ROLE_LABELS } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";
import { listMembers, listPendingInvites } from "@/lib/organisations/data";
import { ResendInviteForm, SendPasswordResetForm } from "./invite-mail-forms";
import { InviteForm, RemoveMemberForm, RevokeInviteForm, RoleForm } from "./member-forms";

// The role check runs here as well as in the page: metadata is resolved before the first
// byte, so a member gets a real 404 status rather than a streamed 200 with a 404 page.
export async function generateMetadata(): Promise<Metadata> {
  await requireUser({ role: "admin" });
  return { title: "Members" };
}

export default async function MembersPage() {
  const user = await requireUser({ role: "admin" });
  const [members, invites] = await Promise.all([
    listMembers(user.organisationId),
    listPendingInvites(user.organisationId),
  ]);
  const isOwner = user.role === "owner";

  return (
    <>
      <PageHeader title="Members" description={`Who belongs to ${user.organisationName}, and what they may do.`} />
      <div className="space-y-6">
        <Card>
          <CardHeader
            title="Invite someone"
            description="Members see team availability and their own bookings; admins also manage calendars, pages and people."
          />
          <CardBody>
            <InviteForm canInviteOwners={isOwner} />
          </CardBody>
        </Card>

        <Card>
          <CardHeader title="Pending invites" />
          {invites.length === 0 ? (
            <CardBody>
              <p className="text-sm text-slate-600">
                No pending invites. Invites you create appear here until they are accepted.
              </p>
            </CardBody>
          ) : (
            <ul className="divide-y divide-slate-100">
              {invites.map((invite) => (
                <li
                  key={invite.id}
                  className="flex flex-wrap items-center justify-between gap-3 px-5 py-3 text-sm"
                  data-testid="pending-invite"
                >
                  <span>
                    {invite.email} <Badge>{ROLE_LABELS[invite.role]}</Badge>
                  </span>
                  <div className="flex flex-wrap items-center gap-3 text-xs text-slate-500">
                    <span data-testid="invite-mailed">
                      {invite.mailedAt ? `Mailed ${invite.mailedAt.toISOString().slice(0, 10)}` : "Not mailed"}
                    </span>
                    Expires {invite.expiresAt.toISOString().slice(0, 10)}
                    {(isOwner || invite.role !== "owner") && (
                      <ResendInviteForm inviteId={invite.id} email={invite.email} />
                    )}
                    <RevokeInviteForm inviteId={invite.id} />
                  </div>
                </li>
              ))}
            </ul>
          )}
        </Card>

        <Card>
          <CardHeader title="Members" description="An organisation always keeps at least one owner." />
          <ul className="divide-y divide-slate-100">
            {members.map((member) => {
              const manageable = member.id !== user.userId && (isOwner || member.role !== "owner");
              return (
                <li
                  key={member.id}
                  className="flex flex-wrap items-center justify-between gap-3 px-5 py-3"
                  data-testid="member-row"
                >
                  <div className="min-w-0">
                    <p className="truncate text-sm font-medium text-slate-900">
                      {member.name}
                      {member.id === user.userId && <span className="text-slate-500"> (you)</span>}
                    </p>
                    <p className="truncate text-xs text-slate-500">{member.email}</p>
                  </div>
                  {manageable ? (
                    <div className="flex flex-wrap items-center gap-3">
                      <RoleForm memberId={member.id} role={member.role} name={member.name} />
                      <SendPasswordResetForm memberId={member.id} name={member.name} />
                      <RemoveMemberForm memberId={member.id} name={member.name} />
                    </div>
                  ) : (
                    <Badge tone={member.role === "member" ? "neutral" : "brand"}>{ROLE_LABELS[member.role]}</Badge>
                  )}
                </li>
              );
            })}
          </ul>
        </Card>
      </div>
    </>
  );
}
