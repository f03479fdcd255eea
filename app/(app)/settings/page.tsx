import type { Metadata } from "next";
import Link from "next/link";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { hasRole, ROLE_LABELS } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";
import { listOrganisationCas } from "@/lib/calendars/certificate-authorities";
import { AddCertificateAuthorityForm, RemoveCertificateAuthorityForm } from "./certificate-authority-forms";
import { ChangePasswordForm, RenameOrganisationForm } from "./settings-forms";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const user = await requireUser();
  const isAdmin = hasRole(user.role, "admin");
  const isOwner = user.role === "owner";
  const authorities = isOwner ? await listOrganisationCas({ actor: user }) : [];
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
      </div>
    </>
  );
}
