import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/app-shell";
import { hasRole } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { isInstanceAdmin } from "@/lib/instance/admins";
import { signOutAction } from "../(auth)/actions";

export default async function SignedInLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  const { SLOTBRIDGE_DEMO, DEMO_MAIL_CAPTURE_URL } = env();
  return (
    <AppShell
      user={user}
      signOut={signOutAction}
      demoMail={Boolean(SLOTBRIDGE_DEMO && DEMO_MAIL_CAPTURE_URL) && hasRole(user.role, "admin")}
      instance={await isInstanceAdmin(user)}
    >
      {children}
    </AppShell>
  );
}
