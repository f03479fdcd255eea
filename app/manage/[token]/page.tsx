import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { formatAppointment } from "@/components/booking/calendar-dates";
import { loadManagedBooking, type ManageRefusal } from "@/lib/bookings/manage";
import { ManageBooking } from "./manage-booking";

export const dynamic = "force-dynamic";

// The token is the key to the booking: no search engine, and no Referer carrying it to another site.
export const metadata: Metadata = {
  title: "Your booking",
  robots: { index: false, follow: false },
  referrer: "no-referrer",
};

type Params = { params: Promise<{ token: string }> };

const REFUSED: Record<ManageRefusal, { heading: string; text: string }> = {
  invalid: { heading: "This booking link is not valid", text: "Check that the whole link was copied." },
  expired: {
    heading: "This booking is over",
    text: "The meeting has ended, so this link no longer changes anything. To meet again, book a new time.",
  },
  cancelled: {
    heading: "This booking was cancelled",
    text: "Nothing more to do here. To meet after all, book a new time on the booking page.",
  },
};

/**
 * The customer's manage link (no sign-in: the token is the key). A link that opens nothing gets a plain
 * page: not found (404) for an unknown or altered token, a short explanation for one whose meeting is over
 * or was cancelled.
 */
export default async function ManageBookingPage({ params }: Params) {
  const { token } = await params;
  const result = await loadManagedBooking(token);
  if (!result.ok && result.reason === "invalid") notFound();
  return (
    <main className="mx-auto max-w-3xl px-4 py-6 sm:py-12">
      <div className="rounded-lg border border-slate-200 bg-white p-5 shadow-xs sm:p-8">
        {result.ok ? (
          <>
            <p className="text-sm font-medium text-slate-600">Your booking</p>
            <h1 className="mt-1 text-xl font-semibold tracking-tight text-slate-900">{result.booking.title}</h1>
            <dl className="mt-3 mb-5 space-y-1 text-sm text-slate-700">
              {result.booking.hostNames.length > 0 && (
                <div>
                  <dt className="sr-only">With</dt>
                  <dd>With {result.booking.hostNames.join(", ")}</dd>
                </div>
              )}
              <div>
                <dt className="sr-only">Location</dt>
                <dd>{result.booking.location ?? "A meeting link will follow"}</dd>
              </div>
            </dl>
            <ManageBooking
              token={token}
              pageSlug={result.booking.pageSlug}
              start={result.booking.start.toISOString()}
              when={formatAppointment({
                slot: { start: result.booking.start.toISOString(), end: result.booking.end.toISOString() },
                timeZone: result.booking.customerTimeZone,
              })}
              timeZone={result.booking.customerTimeZone}
            />
          </>
        ) : (
          <section data-testid="manage-refused" data-reason={result.reason}>
            <h1 className="text-xl font-semibold text-slate-900">{REFUSED[result.reason].heading}</h1>
            <p className="mt-2 text-slate-600">{REFUSED[result.reason].text}</p>
          </section>
        )}
      </div>
    </main>
  );
}
