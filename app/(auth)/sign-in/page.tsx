import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { entraSignInEnabled } from "@/lib/auth/config";
import { getCurrentUser } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { EntraSignInButton } from "./entra-sign-in-button";
import { SignInForm } from "./sign-in-form";

const SIGN_UP_LINK = { closed: "How to get an account", domains: "Sign up", open: "Create an organisation" } as const;

export const metadata: Metadata = { title: "Sign in" };

const ERRORS: Record<string, string> = {
  no_account: "There is no Slotbridge account for that Microsoft address. Ask an admin for an invite.",
  email_unverified:
    "Your address is not verified yet. Open the link in the mail we sent you, or sign in with your password to have it sent again.",
  organisation_disabled: "Your organisation has been disabled on this Slotbridge. Ask its administrator why.",
};

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ next?: string; error?: string; notice?: string }>;
}) {
  if (await getCurrentUser()) redirect("/calendars");
  const { next, error, notice } = await searchParams;
  return (
    <>
      <h1 className="mb-1 text-xl font-semibold">Sign in</h1>
      <p className="mb-6 text-sm text-slate-600">Welcome back to Slotbridge.</p>
      {error && (
        <div className="mb-4">
          <Alert tone="error">{ERRORS[error] ?? "Sign-in did not complete. Please try again."}</Alert>
        </div>
      )}
      {notice === "password-reset" && (
        <div className="mb-4">
          <Alert tone="success">Your password was changed and you were signed out everywhere. Sign in with it.</Alert>
        </div>
      )}
      <SignInForm next={next} />
      <p className="mt-3 text-right text-sm">
        <Link href="/forgot-password" className="font-medium text-brand-600 hover:underline">
          Forgot password?
        </Link>
      </p>
      {entraSignInEnabled() && <EntraSignInButton />}
      <p className="mt-6 text-center text-sm text-slate-600">
        New to Slotbridge?{" "}
        <Link href="/sign-up" className="font-medium text-brand-600 hover:underline">
          {SIGN_UP_LINK[env().SIGNUP]}
        </Link>
      </p>
    </>
  );
}
