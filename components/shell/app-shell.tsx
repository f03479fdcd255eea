import type { ReactNode } from "react";
import { Logo } from "@/components/logo";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ROLE_LABELS } from "@/lib/auth/roles";
import type { Role } from "@/lib/db/schema";
import { type NavItem, NavLinks } from "./nav-links";

const NAV: NavItem[] = [
  { href: "/calendars", label: "Calendars" },
  { href: "/team", label: "Team" },
  { href: "/booking-pages", label: "Booking pages" },
  { href: "/bookings", label: "Bookings" },
  { href: "/settings", label: "Settings" },
];

/** Only the demo captures mail; its page is listed there and nowhere else. */
const DEMO_MAIL: NavItem = { href: "/demo/mail", label: "Demo mail" };

/** Instance administrators only: the organisations of the whole installation. */
const INSTANCE: NavItem = { href: "/instance", label: "Instance" };

export function AppShell({
  user,
  signOut,
  demoMail = false,
  instance = false,
  children,
}: {
  user: { name: string; email: string; role: Role; organisationName: string };
  signOut: () => Promise<void>;
  demoMail?: boolean;
  instance?: boolean;
  children: ReactNode;
}) {
  return (
    <div className="min-h-screen md:flex">
      <aside className="border-b border-slate-200 bg-white md:sticky md:top-0 md:flex md:h-screen md:w-60 md:flex-col md:border-r md:border-b-0">
        <div className="flex items-center justify-between px-4 py-4">
          <Logo className="text-lg text-slate-900" />
        </div>
        <nav aria-label="Main" className="px-3 pb-3 md:flex-1">
          <NavLinks items={[...NAV, ...(demoMail ? [DEMO_MAIL] : []), ...(instance ? [INSTANCE] : [])]} />
        </nav>
        <div className="hidden border-t border-slate-200 p-4 md:block" data-testid="account-summary">
          <p className="truncate text-sm font-medium text-slate-900">{user.name}</p>
          <p className="truncate text-xs text-slate-500">{user.organisationName}</p>
          <div className="mt-2 flex items-center justify-between">
            <Badge tone="brand">{ROLE_LABELS[user.role]}</Badge>
            <form action={signOut}>
              <Button type="submit" variant="ghost" className="px-2 py-1 text-xs">
                Sign out
              </Button>
            </form>
          </div>
        </div>
      </aside>
      {/* A landmark of its own: at phone width this is the account bar, and axe wants all content in one. */}
      <section
        aria-label="Account"
        className="flex items-center justify-between border-b border-slate-200 bg-white px-4 py-2 text-sm md:hidden"
      >
        <span className="truncate">
          {user.name} · <Badge tone="brand">{ROLE_LABELS[user.role]}</Badge>
        </span>
        <form action={signOut}>
          <Button type="submit" variant="ghost" className="px-2 py-1 text-xs">
            Sign out
          </Button>
        </form>
      </section>
      <main className="mx-auto w-full max-w-5xl flex-1 px-4 py-8 md:px-8">{children}</main>
    </div>
  );
}
