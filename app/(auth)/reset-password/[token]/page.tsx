import type { Metadata } from "next";
import Link from "next/link";
import { isAccountTokenUsable } from "@/lib/accounts/tokens";
import { ResetPasswordForm } from "./reset-password-form";

// The token is in the path: no referrer may carry it to another site.
export const metadata: Metadata = { title: "Set a new password", referrer: "no-referrer" };

export default async function ResetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const usable =
    token.length >= 20 && token.length <= 100 && (await isAccountTokenUsable({ token, purpose: "password-reset" }));
  if (!usable) {
    return (
      <>
        <h1 className="mb-2 text-xl font-semibold">This link can't be used</h1>
        <p className="text-sm text-slate-600">
          It was used already, a newer link was sent, or it expired after 60 minutes.
        </p>
        <Link href="/forgot-password" className="mt-6 inline-block text-sm font-medium text-brand-600 hover:underline">
          Ask for a new link
        </Link>
      </>
    );
  }
  return (
    <>
      <h1 className="mb-1 text-xl font-semibold">Set a new password</h1>
      <p className="mb-6 text-sm text-slate-600">
        Choose a new password. You will be signed out everywhere and sign in again with it.
      </p>
      <ResetPasswordForm token={token} />
    </>
  );
}
