import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/session";
import { SignUpForm } from "./sign-up-form";

export const metadata: Metadata = { title: "Create an organisation" };

export default async function SignUpPage() {
  if (await getCurrentUser()) redirect("/calendars");
  return (
    <>
      <h1 className="mb-1 text-xl font-semibold">Create your organisation</h1>
      <p className="mb-6 text-sm text-slate-600">You'll be its owner and can invite your team next.</p>
      <SignUpForm />
      <p className="mt-6 text-center text-sm text-slate-600">
        Already have an account?{" "}
        <Link href="/sign-in" className="font-medium text-brand-600 hover:underline">
          Sign in
        </Link>
      </p>
    </>
  );
}
