import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { Alert } from "@/components/ui/alert";
import { mailSettings } from "@/lib/mail/settings";
import { ForgotPasswordForm } from "./forgot-password-form";

export const metadata: Metadata = { title: "Forgot password" };

export default async function ForgotPasswordPage() {
  // Whether mail is on is read from the environment at request time, never baked in at build time.
  await connection();
  const mailOn = mailSettings() !== null;
  return (
    <>
      <h1 className="mb-1 text-xl font-semibold">Forgot your password?</h1>
      {mailOn ? (
        <>
          <p className="mb-6 text-sm text-slate-600">
            Enter the address you sign in with, and we will mail you a link to set a new password.
          </p>
          <ForgotPasswordForm />
        </>
      ) : (
        <div className="mt-4">
          <Alert>
            This Slotbridge instance does not send mail, so it cannot mail you a link. Ask an admin of your organisation
            to help you.
          </Alert>
        </div>
      )}
      <p className="mt-6 text-center text-sm text-slate-600">
        <Link href="/sign-in" className="font-medium text-brand-600 hover:underline">
          Back to sign in
        </Link>
      </p>
    </>
  );
}
