import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { cache } from "react";
import { z } from "zod";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { hasRole, ROLE_LABELS } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";
import { getMember } from "@/lib/organisations/data";

type Props = { params: Promise<{ memberId: string }> };

/**
 * Scoped to the viewer's organisation: another organisation's member is a plain 404. Called
 * from generateMetadata too, which Next.js resolves before the first byte is sent, so the
 * 404 reaches the status line instead of arriving after a streamed 200.
 */
const loadMember = cache(async (memberId: string) => {
  const user = await requireUser();
  if (!z.uuid().safeParse(memberId).success) notFound();
  const member = await getMember({ organisationId: user.organisationId, memberId });
  if (!member) notFound();
  return { user, member };
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { member } = await loadMember((await params).memberId);
  return { title: member.name };
}

export default async function MemberPage({ params }: Props) {
  const { user, member } = await loadMember((await params).memberId);

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
