import type { Metadata } from "next";
import Link from "next/link";
import { ROLE_LABELS } from "@/lib/auth/roles";
import { findPendingInvite } from "@/lib/organisations/invites";
import { AcceptInviteForm } from "./accept-invite-form";

export const metadata: Metadata = { title: "Accept invite", referrer: "no-referrer" };

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invite = token.length <= 100 ? await findPendingInvite(token) : null;
  if (!invite) {
    return (
      <>
        <h1 className="mb-2 text-xl font-semibold">This invite can't be used</h1>
        <p className="text-sm text-slate-600">
          It has been used already, was revoked, or has expired. Ask whoever invited you for a new link.
        </p>
        <Link href="/sign-in" className="mt-6 inline-block text-sm font-medium text-brand-600 hover:underline">
          Go to sign in
        </Link>
      </>
    );
  }
  return (
    <>
      <h1 className="mb-1 text-xl font-semibold">Join {invite.organisationName}</h1>
      <p className="mb-6 text-sm text-slate-600">
        You've been invited as {ROLE_LABELS[invite.role].toLowerCase() === "admin" ? "an" : "a"}{" "}
        {ROLE_LABELS[invite.role].toLowerCase()}. Set up your account to continue.
      </p>
      <AcceptInviteForm token={token} email={invite.email} />
    </>
  );
}
