import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { BookingFlow } from "@/components/booking/booking-flow";
import { loadPublicBookingPage } from "@/lib/bookings/public-page";

// One database read per request for both the metadata and the page.
const loadPage = cache(loadPublicBookingPage);

type Params = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const page = await loadPage((await params).slug);
  if (!page) return { title: "Page not found" };
  return {
    title: `${page.title} · ${page.organisationName}`,
    description:
      page.description.slice(0, 200) || `Book ${page.durationMinutes} minutes with ${page.organisationName}.`,
    // Booking links are shared on purpose, but a search engine has no business listing them.
    robots: { index: false, follow: false },
  };
}

function formatDuration(minutes: number): string {
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest ? `${hours} h ${rest} min` : `${hours} h`;
}

/**
 * The public booking page. Only what the page's owner chose to publish is rendered here; the slots are
 * fetched by the browser after the first paint, so this page never waits on Exchange.
 */
export default async function BookingPage({ params }: Params) {
  const page = await loadPage((await params).slug);
  if (!page) notFound();
  return (
    <main className="mx-auto max-w-4xl px-4 py-6 sm:py-12">
      <div className="overflow-hidden rounded-lg border border-slate-200 bg-white shadow-xs sm:grid sm:grid-cols-[16rem_minmax(0,1fr)]">
        <header className="border-b border-slate-100 p-5 sm:border-r sm:border-b-0">
          <p className="text-sm font-medium text-slate-600">{page.organisationName}</p>
          <h1 className="mt-1 text-xl font-semibold tracking-tight text-slate-900">{page.title}</h1>
          <dl className="mt-4 space-y-2 text-sm text-slate-700">
            <div>
              <dt className="sr-only">Duration</dt>
              <dd>{formatDuration(page.durationMinutes)}</dd>
            </div>
            <div>
              <dt className="sr-only">Location</dt>
              <dd>{page.location ?? "A meeting link will follow"}</dd>
            </div>
            {page.hostNames.length > 0 && (
              <div>
                <dt className="sr-only">With</dt>
                <dd>With {page.hostNames.join(", ")}</dd>
              </div>
            )}
          </dl>
          {page.description && <p className="mt-4 whitespace-pre-line text-sm text-slate-600">{page.description}</p>}
        </header>
        <div className="p-5">
          <BookingFlow slug={page.slug} questions={page.questions} />
        </div>
      </div>
    </main>
  );
}
