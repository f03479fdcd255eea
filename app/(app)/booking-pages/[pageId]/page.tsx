import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireUser } from "@/lib/auth/session";
import { getBookingPageForEditing, listHostCandidates } from "@/lib/booking-pages/data";
import { BasicsForm } from "./basics-form";
import { HostsEditor } from "./hosts-editor";
import { AddOverrideForm, OverrideRow } from "./overrides-form";
import { DeletePageForm, PublishForm } from "./page-controls";
import { SlotPreview } from "./preview";
import { RulesForm } from "./rules-form";

export const metadata: Metadata = { title: "Edit booking page" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function EditBookingPagePage({
  params,
  searchParams,
}: {
  params: Promise<{ pageId: string }>;
  searchParams: Promise<{ created?: string }>;
}) {
  const user = await requireUser();
  const { pageId } = await params;
  // Another organisation's page, a colleague's (for a member) and no page at all look the same: 404.
  const editable = UUID.test(pageId) ? await getBookingPageForEditing({ actor: user, pageId }) : null;
  if (!editable) notFound();
  const { page, hosts, overrides } = editable;
  const [candidates, { created }] = await Promise.all([listHostCandidates({ actor: user }), searchParams]);
  const hostName = new Map(hosts.map((host) => [host.userId, host.name]));

  return (
    <>
      <PageHeader
        title={page.title}
        description={`Public address: /book/${page.slug}`}
        action={
          <div className="flex items-center gap-3">
            {page.published ? <Badge tone="brand">Published</Badge> : <Badge>Draft</Badge>}
            {page.published && (
              // A plain link: the public page is served outside the App Router (app/book/[slug]/route.ts).
              <a href={`/book/${page.slug}`} className="text-sm font-medium text-brand-700 hover:underline">
                Open public page
              </a>
            )}
          </div>
        }
      />
      <div className="space-y-6">
        {created && <Alert tone="success">Booking page created as a draft. Check hours and rules, then publish.</Alert>}
        <Card>
          <CardHeader title="Details" description="What customers read about the meeting." />
          <CardBody>
            <BasicsForm pageId={page.id} defaults={{ ...page, questions: page.questions }} />
          </CardBody>
        </Card>
        <Card>
          <CardHeader title="Hosts and weekly hours" description="Hours are read in each host's own time zone." />
          <CardBody>
            <HostsEditor pageId={page.id} schedulingType={page.schedulingType} hosts={hosts} candidates={candidates} />
          </CardBody>
        </Card>
        <Card>
          <CardHeader title="Rules" description="Buffers, notice, how far ahead, limits and what blocks a slot." />
          <CardBody>
            <RulesForm pageId={page.id} defaults={page} />
          </CardBody>
        </Card>
        <Card>
          <CardHeader
            title="Date overrides and blackouts"
            description="Different hours on one date, or none at all; in the host's time zone."
          />
          <CardBody className="space-y-4">
            {overrides.length > 0 && (
              <ul className="divide-y divide-slate-100" aria-label="Date overrides">
                {overrides.map((override) => (
                  <OverrideRow
                    key={override.id}
                    pageId={page.id}
                    override={override}
                    hostName={hostName.get(override.userId) ?? "Host"}
                  />
                ))}
              </ul>
            )}
            <AddOverrideForm pageId={page.id} hosts={hosts} />
          </CardBody>
        </Card>
        <Card>
          <CardHeader title="Preview this week" description="The slots a customer would see in the next seven days." />
          <CardBody>
            <Suspense fallback={<p className="text-sm text-slate-500">Reading calendars…</p>}>
              <SlotPreview actor={user} pageId={page.id} />
            </Suspense>
          </CardBody>
        </Card>
        <Card>
          <CardHeader
            title="Publish or delete"
            description={
              page.published
                ? "Customers can book this page now."
                : "A draft is invisible to customers until published."
            }
          />
          <CardBody className="flex flex-wrap items-start justify-between gap-4">
            <PublishForm pageId={page.id} published={page.published} />
            <DeletePageForm pageId={page.id} title={page.title} />
          </CardBody>
        </Card>
      </div>
    </>
  );
}
