import type { Metadata } from "next";
import Link from "next/link";
import { isAccountTokenUsable } from "@/lib/accounts/tokens";
import { VerifyEmailForm } from "./verify-email-form";

export const metadata: Metadata = { title: "Verify your address", referrer: "no-referrer" };

export default async function VerifyEmailPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const usable =
    token.length <= 100 && (await isAccountTokenUsable({ token, purpose: "email-verification" }).catch(() => false));
  if (!usable) {
    return (
      <>
        <h1 className="mb-2 text-xl font-semibold">This link can't be used</h1>
        <p className="text-sm text-slate-600">
          It has been used already, was replaced by a newer one, or has expired. Sign in to have a new one sent.
        </p>
        <Link href="/sign-in" className="mt-6 inline-block text-sm font-medium text-brand-600 hover:underline">
          Go to sign in
        </Link>
      </>
    );
  }
  return (
    <>
      <h1 className="mb-1 text-xl font-semibold">Verify your address</h1>
      <p className="mb-6 text-sm text-slate-600">Confirm that this address is yours; then sign in.</p>
      <VerifyEmailForm token={token} />
    </>
  );
}
