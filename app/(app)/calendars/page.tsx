import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { hasRole } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Calendars" };

export default async function CalendarsPage() {
  const user = await requireUser();
  return (
    <>
      <PageHeader
        title="Calendars"
        description="Exchange mailboxes Slotbridge reads free/busy from and writes bookings to."
      />
      <EmptyState title="No Exchange calendars connected yet">
        {hasRole(user.role, "admin") ? (
          <p>
            Connected calendars will be listed here with their server, certificate and connection status. Slotbridge
            reads events live from Exchange and never stores them.
          </p>
        ) : (
          <p>When an admin of {user.organisationName} connects Exchange calendars, they will be listed here.</p>
        )}
      </EmptyState>
    </>
  );
}
