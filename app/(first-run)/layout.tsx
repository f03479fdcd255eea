import type { ReactNode } from "react";
import { Logo } from "@/components/logo";

/** The sign-in pages' frame, without their redirect to this very page. */
export default function FirstRunLayout({ children }: { children: ReactNode }) {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center px-4 py-12">
      <Logo className="mb-8 text-xl text-slate-900" />
      <div className="w-full max-w-sm rounded-lg border border-slate-200 bg-white p-6 shadow-sm">{children}</div>
    </main>
  );
}
