import type { Metadata } from "next";
import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requireUser } from "@/lib/auth/session";
import { listBookingPages } from "@/lib/booking-pages/data";

export const metadata: Metadata = { title: "Booking pages" };

const TYPE_LABELS = { single: "One host", round_robin: "Round robin", collective: "Collective" } as const;

export default async function BookingPagesPage({ searchParams }: { searchParams: Promise<{ deleted?: string }> }) {
  const user = await requireUser();
  const [pages, { deleted }] = await Promise.all([listBookingPages({ actor: user }), searchParams]);
  return (
    <>
      <PageHeader
        title="Booking pages"
        description="Public pages where customers pick a time with you or your team."
        action={
          <Link href="/booking-pages/new" className={buttonClasses("primary")}>
            New booking page
          </Link>
        }
      />
      {deleted && (
        <div className="mb-4">
          <Alert tone="success">Booking page deleted.</Alert>
        </div>
      )}
      {pages.length === 0 ? (
        <EmptyState title="No booking pages yet">
          <p>
            A booking page offers customers only the free slots of its hosts, under the rules you set. Connect an
            Exchange calendar first: booking pages are built on the hosts' live availability.
          </p>
        </EmptyState>
      ) : (
        <Card>
          <ul className="divide-y divide-slate-100">
            {pages.map((page) => (
              <li
                key={page.id}
                className="flex flex-wrap items-center justify-between gap-3 px-5 py-3"
                data-testid="booking-page-row"
              >
                <div className="min-w-0 space-y-0.5">
                  <p className="flex items-center gap-2 text-sm font-medium text-slate-900">
                    {page.editable ? (
                      <Link href={`/booking-pages/${page.id}`} className="hover:underline">
                        {page.title}
                      </Link>
                    ) : (
                      page.title
                    )}
                    {page.published ? <Badge tone="brand">Published</Badge> : <Badge>Draft</Badge>}
                  </p>
                  <p className="text-xs text-slate-600">
                    {TYPE_LABELS[page.schedulingType]} · {page.hostNames.join(", ") || "No hosts"}
                  </p>
                </div>
                {page.published ? (
                  // A plain link: the public page is served outside the App Router (app/book/[slug]/route.ts).
                  <a href={`/book/${page.slug}`} className="text-sm text-brand-700 hover:underline">
                    /book/{page.slug}
                  </a>
                ) : (
                  <span className="text-sm text-slate-500">/book/{page.slug}</span>
                )}
              </li>
            ))}
          </ul>
        </Card>
      )}
    </>
  );
}
