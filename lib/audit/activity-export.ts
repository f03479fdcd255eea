import "server-only";
import { stringify } from "csv-stringify/sync";
import type { CurrentUser } from "@/lib/auth/session";
import { neutraliseFormula } from "@/lib/bookings/list";
import { type ActivityItem, loadActivityForExport } from "./activity";
import { isFiltered, paramsOf, parseActivityQuery } from "./activity-query";
import { byActor, recordAuditEvent } from "./record";

export const ACTIVITY_CSV_HEADER = ["time", "who", "action", "what", "target", "details", "outcome", "request id"];

/** RFC 4180 CSV (CRLF), a header row, times as UTC ISO 8601; every cell safe from spreadsheet formulas. */
export function formatActivityCsv(items: ActivityItem[]): string {
  const records = items.map((item) =>
    [
      item.at.toISOString(),
      item.who,
      item.action,
      item.what,
      item.target ?? "",
      item.details,
      item.outcome,
      item.requestId ?? "",
    ].map(neutraliseFormula),
  );
  return stringify([ACTIVITY_CSV_HEADER, ...records], { record_delimiter: "windows", quoted_match: /[\r\n]/ });
}

export type ActivityExport = { ok: true; csv: string; filename: string } | { ok: false; message: string };

/**
 * The CSV for the export route: every event the Activity page lists under the filters in `searchParams`.
 * A filter that cannot be read is refused, not dropped. The export itself is recorded (after the read, so
 * the file does not list itself).
 */
export async function exportActivity(input: {
  actor: CurrentUser;
  searchParams: URLSearchParams;
  now?: Date;
}): Promise<ActivityExport> {
  const { query, problems } = parseActivityQuery(paramsOf(input.searchParams));
  if (problems.length > 0) return { ok: false, message: problems.join(" ") };
  const items = await loadActivityForExport({ actor: input.actor, query });
  await recordAuditEvent({
    ...byActor(input.actor),
    action: "activity.exported",
    detail: { rows: items.length, filtered: isFiltered(query) },
  });
  const day = (input.now ?? new Date()).toISOString().slice(0, 10);
  return { ok: true, csv: formatActivityCsv(items), filename: `activity-${day}.csv` };
}
