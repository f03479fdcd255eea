import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { Logo } from "@/components/logo";
import { instanceNeedsSetup } from "@/lib/instance/setup";

// Asks the database whether the instance is set up: never prerendered at build time.
export const dynamic = "force-dynamic";

export default async function AuthLayout({ children }: { children: ReactNode }) {
  // A fresh installation has nobody to sign in or invite: its first owner is made on the setup page.
  if (await instanceNeedsSetup()) redirect("/setup");
  return (
    <main className="flex min-h-screen flex-col items-center justify-center px-4 py-12">
      <Logo className="mb-8 text-xl text-slate-900" />
      <div className="w-full max-w-sm rounded-lg border border-slate-200 bg-white p-6 shadow-sm">{children}</div>
    </main>
  );
}
