import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { instanceNeedsSetup } from "@/lib/instance/setup";
import { SetupForm } from "./setup-form";

export const metadata: Metadata = { title: "Set up Slotbridge" };

// Asks the database whether the instance is set up: never prerendered at build time.
export const dynamic = "force-dynamic";

export default async function SetupPage() {
  // Once there is an owner, this page is gone for good.
  if (!(await instanceNeedsSetup())) redirect("/sign-in");
  return (
    <>
      <h1 className="mb-1 text-xl font-semibold">Set up Slotbridge</h1>
      <p className="mb-6 text-sm text-slate-600">
        This installation has no accounts yet. Create its first organisation: you'll be its owner and the instance's
        administrator, and invite everyone else.
      </p>
      <SetupForm />
    </>
  );
}
