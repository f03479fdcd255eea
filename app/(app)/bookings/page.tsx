import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requireUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Bookings" };

export default async function BookingsPage() {
  await requireUser();
  return (
    <>
      <PageHeader title="Bookings" description="Meetings customers have booked through your booking pages." />
      <EmptyState title="No bookings yet">
        <p>
          Bookings appear here once customers book through a booking page; each one is also written to the host's
          Exchange calendar.
        </p>
      </EmptyState>
    </>
  );
}
