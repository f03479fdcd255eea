import type { Metadata } from "next";
import { Card, CardBody } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireUser } from "@/lib/auth/session";
import { listHostCandidates } from "@/lib/booking-pages/data";
import { CreatePageForm } from "./create-form";

export const metadata: Metadata = { title: "New booking page" };

export default async function NewBookingPagePage() {
  const user = await requireUser();
  const candidates = await listHostCandidates({ actor: user });
  return (
    <>
      <PageHeader title="New booking page" description="Customers will pick a time from its hosts' free slots." />
      <Card>
        <CardBody>
          <CreatePageForm candidates={candidates} defaultHostId={user.userId} />
        </CardBody>
      </Card>
    </>
  );
}
