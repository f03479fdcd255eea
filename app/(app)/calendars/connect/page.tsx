import type { Metadata } from "next";
import Link from "next/link";
import { Card, CardBody } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { hasRole } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";
import { listMembers } from "@/lib/organisations/data";
import { ConnectWizard, type OwnerOption } from "./connect-wizard";

export const metadata: Metadata = { title: "Connect a calendar" };

export default async function ConnectCalendarPage() {
  const user = await requireUser();
  const isAdmin = hasRole(user.role, "admin");
  // Admins choose whose calendar it is (themselves first); members always connect their own.
  let owners: OwnerOption[] | null = null;
  if (isAdmin) {
    const members = await listMembers(user.organisationId);
    owners = [
      { value: user.userId, label: `${user.name} (you)` },
      ...members.filter((m) => m.id !== user.userId).map((m) => ({ value: m.id, label: `${m.name} (${m.email})` })),
      { value: "", label: "Nobody: a shared or room mailbox" },
    ];
  }
  return (
    <>
      <PageHeader
        title="Connect a calendar"
        description={
          isAdmin
            ? "Connect an Exchange mailbox. Slotbridge checks the server's certificate and the account before saving anything."
            : "Connect your own Exchange mailbox. Slotbridge checks the server's certificate and your account before saving anything."
        }
        action={
          <Link href="/calendars" className="text-sm font-medium text-brand-600 hover:underline">
            ← Calendars
          </Link>
        }
      />
      <Card>
        <CardBody>
          <ConnectWizard owners={owners} canImpersonate={isAdmin} ownMailbox={isAdmin ? null : user.email} />
        </CardBody>
      </Card>
    </>
  );
}
