import { stringify } from "csv-stringify/sync";
import type { BookingListItem } from "./list";

export const BOOKINGS_CSV_HEADER = [
  "id",
  "page",
  "host",
  "customer name",
  "customer email",
  "customer time zone",
  "start",
  "end",
  "status",
  "cancelled at",
  "cancel reason",
] as const;

// A spreadsheet runs a cell starting with one of these as a formula (CSV injection: OWASP's list, tab and
// carriage return included). Customers type names and reasons, so every text cell is neutralised.
const FORMULA_START = /^[=+\-@\t\r]/;

/** The cell as a spreadsheet will show it, never run it: a leading apostrophe before a formula start. */
export function neutraliseFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

export type BookingCsvRow = Pick<
  BookingListItem,
  | "id"
  | "pageTitle"
  | "hostNames"
  | "customerName"
  | "customerEmail"
  | "customerTimeZone"
  | "start"
  | "end"
  | "status"
  | "cancelledAt"
  | "cancelReason"
>;

/** RFC 4180 CSV (CRLF, quotes where needed), a header row, times as UTC ISO 8601. */
export function formatBookingsCsv(rows: BookingCsvRow[]): string {
  const records = rows.map((row) =>
    [
      row.id,
      row.pageTitle,
      row.hostNames,
      row.customerName,
      row.customerEmail,
      row.customerTimeZone,
      row.start.toISOString(),
      row.end.toISOString(),
      row.status,
      row.cancelledAt?.toISOString() ?? "",
      row.cancelReason ?? "",
    ].map(neutraliseFormula),
  );
  return stringify([[...BOOKINGS_CSV_HEADER], ...records], { record_delimiter: "windows", quoted_match: /[\r\n]/ });
}
