import type { Metadata } from "next";
import Link from "next/link";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { hasRole, ROLE_LABELS } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";
import { ChangePasswordForm, RenameOrganisationForm } from "./settings-forms";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const user = await requireUser();
  const isAdmin = hasRole(user.role, "admin");
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
      </div>
    </>
  );
}
