import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { SignUpForm } from "./sign-up-form";

export const metadata: Metadata = { title: "Sign up" };

const SIGN_IN_LINK = (
  <p className="mt-6 text-center text-sm text-slate-600">
    Already have an account?{" "}
    <Link href="/sign-in" className="font-medium text-brand-600 hover:underline">
      Sign in
    </Link>
  </p>
);

/** What sign-up is on this instance (SIGNUP), said plainly instead of a form that would fail. */
export default async function SignUpPage() {
  if (await getCurrentUser()) redirect("/calendars");
  const mode = env().SIGNUP;
  if (mode === "closed") {
    return (
      <>
        <h1 className="mb-2 text-xl font-semibold">Accounts are by invite only</h1>
        <p className="text-sm text-slate-600" data-testid="sign-up-mode">
          This Slotbridge does not take sign-ups, and no new organisation can be created here. An admin of your
          organisation can invite you: the invite link sets up your account.
        </p>
        {SIGN_IN_LINK}
      </>
    );
  }
  return (
    <>
      <h1 className="mb-1 text-xl font-semibold">
        {mode === "open" ? "Create your organisation" : "Join your organisation"}
      </h1>
      <p className="mb-6 text-sm text-slate-600" data-testid="sign-up-mode">
        {mode === "open"
          ? "You'll be its owner and can invite your team next. We'll mail you a link to verify your address first."
          : "Sign up with your work address: if your organisation uses Slotbridge here, you join it as a member. We'll mail you a link to verify your address first."}
      </p>
      <SignUpForm mode={mode} />
      {SIGN_IN_LINK}
    </>
  );
}
