import "server-only";
import { byActor, recordAuditEvent } from "@/lib/audit/record";
import type { CurrentUser } from "@/lib/auth/session";
import { formatBookingsCsv } from "./csv";
import { loadBookingsForExport } from "./list";
import { parseBookingListQuery, toBookingListFilters } from "./list-query";

export type BookingsExport = { ok: true; csv: string; filename: string } | { ok: false; message: string };

/**
 * The CSV for the export route: the bookings the Bookings page lists under the filters in `searchParams`,
 * every page of them. The page drops a filter it cannot read and says so; an export refuses instead, since
 * a file quietly holding more than was asked for is worse than none. The page's own Export link only ever
 * carries filters it could read, so it never meets the refusal.
 */
export async function exportBookings(input: {
  actor: CurrentUser;
  searchParams: URLSearchParams;
  now?: Date;
}): Promise<BookingsExport> {
  const params: Record<string, string[]> = {};
  for (const [key, value] of input.searchParams) params[key] = [...(params[key] ?? []), value];
  const single = Object.fromEntries(
    Object.entries(params).map(([key, values]) => [key, values.length === 1 ? values[0] : values]),
  );
  const { query, problem } = parseBookingListQuery(single);
  if (problem) return { ok: false, message: problem };
  const now = input.now ?? new Date();
  const rows = await loadBookingsForExport({
    actor: input.actor,
    filters: toBookingListFilters({ query, role: input.actor.role }),
    now,
  });
  // The trail keeps which list and how many rows, never the rows themselves.
  await recordAuditEvent({
    ...byActor(input.actor),
    action: "bookings.exported",
    outcome: "ok",
    detail: {
      tab: query.tab,
      rows: rows.length,
      filtered: Boolean(query.status || query.pageId || query.host || query.q),
    },
  });
  return {
    ok: true,
    csv: formatBookingsCsv(rows),
    filename: `bookings-${query.tab}-${now.toISOString().slice(0, 10)}.csv`,
  };
}
