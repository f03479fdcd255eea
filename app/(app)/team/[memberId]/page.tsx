import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { hasRole, ROLE_LABELS } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";
import { getMember } from "@/lib/organisations/data";

export const metadata: Metadata = { title: "Team member" };

export default async function MemberPage({ params }: { params: Promise<{ memberId: string }> }) {
  const user = await requireUser();
  const { memberId } = await params;
  if (!z.uuid().safeParse(memberId).success) notFound();
  // Scoped to the viewer's organisation: another organisation's member is a plain 404.
  const member = await getMember({ organisationId: user.organisationId, memberId });
  if (!member) notFound();

  return (
    <>
      <PageHeader title={member.name} description={member.email} />
      <Card>
        <CardBody className="flex flex-wrap items-center gap-x-8 gap-y-3 text-sm">
          <div>
            <span className="text-slate-500">Role </span>
            <Badge tone={member.role === "member" ? "neutral" : "brand"}>{ROLE_LABELS[member.role]}</Badge>
          </div>
          <div>
            <span className="text-slate-500">Joined </span>
            {member.createdAt.toLocaleDateString("en-GB", { dateStyle: "medium", timeZone: "UTC" })}
          </div>
          {hasRole(user.role, "admin") && (
            <Link href="/settings/members" className="font-medium text-brand-600 hover:underline">
              Manage members
            </Link>
          )}
        </CardBody>
      </Card>
    </>
  );
}
