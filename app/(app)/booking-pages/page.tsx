import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requireUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Booking pages" };

export default async function BookingPagesPage() {
  await requireUser();
  return (
    <>
      <PageHeader title="Booking pages" description="Public pages where customers pick a time with you or your team." />
      <EmptyState title="No booking pages yet">
        <p>
          A booking page offers customers only the free slots of its hosts, under the rules you set. Connect an Exchange
          calendar first: booking pages are built on the hosts' live availability.
        </p>
      </EmptyState>
    </>
  );
}
