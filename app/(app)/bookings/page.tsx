import type { Metadata } from "next";
import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { buttonClasses } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { hasRole } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";
import {
  type BookingListQuery,
  bookingListSearch,
  loadBookingFilterOptions,
  loadBookings,
  parseBookingListQuery,
  toBookingListFilters,
} from "@/lib/bookings/list";
import { BookingRow } from "./booking-row";
import { CancelBookingForm } from "./cancel-form";
import { FilterBar } from "./filter-bar";

export const metadata: Metadata = { title: "Bookings" };

function Tabs({ query }: { query: BookingListQuery }) {
  const tabs = [
    { tab: "upcoming", label: "Upcoming" },
    { tab: "past", label: "Past" },
  ] as const;
  return (
    <nav aria-label="Upcoming or past" className="mb-4 flex gap-1 border-b border-slate-200">
      {tabs.map(({ tab, label }) => {
        const current = query.tab === tab;
        return (
          <Link
            key={tab}
            href={`/bookings${bookingListSearch({ ...query, tab, p: 1 })}`}
            aria-current={current ? "page" : undefined}
            className={`-mb-px border-b-2 px-3 py-2 text-sm font-medium ${
              current ? "border-brand-600 text-brand-700" : "border-transparent text-slate-600 hover:text-slate-900"
            }`}
          >
            {label}
          </Link>
        );
      })}
    </nav>
  );
}

export default async function BookingsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await requireUser();
  const { query, problem } = parseBookingListQuery(await searchParams);
  const admin = hasRole(actor.role, "admin");
  const filters = toBookingListFilters({ query, role: actor.role });
  const [list, options] = await Promise.all([
    loadBookings({ actor, filters, page: query.p }),
    loadBookingFilterOptions({ actor }),
  ]);
  const scope = admin ? "every booking in your organisation" : "the bookings you host";
  const filtered = Boolean(query.status || query.pageId || (admin && query.host) || query.q);
  const exportHref = `/bookings/export.csv${bookingListSearch({ ...query, p: 1 })}`;
  return (
    <>
      <PageHeader
        title="Bookings"
        description={`Meetings customers booked: ${scope}. Times are shown in your browser's time zone.`}
        action={
          <a href={exportHref} className={buttonClasses("secondary")} download>
            Export CSV
          </a>
        }
      />
      {problem ? (
        <div className="mb-4">
          <Alert tone="error">{problem}</Alert>
        </div>
      ) : null}
      <Tabs query={query} />
      <FilterBar query={query} options={options} />
      {list.items.length === 0 ? (
        <EmptyState title={filtered ? "No bookings match these filters" : `No ${query.tab} bookings`}>
          <p>
            {filtered
              ? "Try another status, page or search, or clear the filters."
              : "Bookings appear here once customers book through a booking page; each one is also written to the host's Exchange calendar."}
          </p>
        </EmptyState>
      ) : (
        <ul className="space-y-3" aria-label={query.tab === "upcoming" ? "Upcoming bookings" : "Past bookings"}>
          {list.items.map((booking) => (
            <li key={booking.id}>
              <BookingRow
                booking={booking}
                actions={
                  query.tab === "upcoming" ? (
                    <CancelBookingForm
                      bookingId={booking.id}
                      label={`${booking.pageTitle} with ${booking.customerName}`}
                      cancelled={booking.status === "cancelled"}
                    />
                  ) : null
                }
              />
            </li>
          ))}
        </ul>
      )}
      {query.p > 1 || list.hasNext ? (
        <nav aria-label="Pages" className="mt-4 flex items-center justify-between gap-2 text-sm">
          {query.p > 1 ? (
            <Link
              href={`/bookings${bookingListSearch({ ...query, p: query.p - 1 })}`}
              className={buttonClasses("secondary")}
            >
              Previous page
            </Link>
          ) : (
            <span />
          )}
          <span className="text-slate-600">Page {query.p}</span>
          {list.hasNext ? (
            <Link
              href={`/bookings${bookingListSearch({ ...query, p: query.p + 1 })}`}
              className={buttonClasses("secondary")}
            >
              Next page
            </Link>
          ) : (
            <span />
          )}
        </nav>
      ) : null}
    </>
  );
}
