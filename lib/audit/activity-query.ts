import { z } from "zod";
import { calendarDate } from "@/lib/validation/dates";
import { AUDIT_ACTION_NAMES } from "./actions";

export const ACTIVITY_PER_PAGE = 50;

// The Activity page's filters as they travel in its address (a GET form, so a filtered view can be shared).
// Empty fields (an untouched select, a blank date) mean "no filter", not a mistake.
const emptyIsAbsent = (value: unknown) => (value === "" ? undefined : value);

export const activityQuerySchema = z.object({
  person: z.preprocess(emptyIsAbsent, z.uuid("must be one of the listed people").optional()),
  action: z.preprocess(emptyIsAbsent, z.enum(AUDIT_ACTION_NAMES, "must be one of the listed actions").optional()),
  from: z.preprocess(emptyIsAbsent, calendarDate().optional()),
  to: z.preprocess(emptyIsAbsent, calendarDate().optional()),
  p: z.preprocess(
    emptyIsAbsent,
    z.coerce
      .number("must be a number")
      .int("must be a whole number")
      .min(1, "must be at least 1")
      .max(100_000, "is too large")
      .default(1),
  ),
});

export type ActivityQuery = z.output<typeof activityQuerySchema>;

const FIELD_NAMES: Record<keyof ActivityQuery, string> = {
  person: "person",
  action: "action",
  from: "from date",
  to: "to date",
  p: "page number",
};

type Params = Record<string, string | string[] | undefined>;

/** The query string as an object, one value per key; a repeated key stays an array (and fails to parse). */
export function paramsOf(searchParams: URLSearchParams): Params {
  const params: Record<string, string | string[]> = {};
  for (const [key, value] of searchParams) {
    const previous = params[key];
    params[key] = previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
  }
  return params;
}

/**
 * Reads the filters. `problems` names each one that could not be read (hand-edited, stale, repeated), with
 * why; the page drops those and says so, the CSV export refuses instead (a file holding more than was asked
 * for is worse than none). A range whose start lies after its end is a problem too. Never throws.
 */
export function parseActivityQuery(params: Params): { query: ActivityQuery; problems: string[] } {
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(FIELD_NAMES)) if (params[key] !== undefined) raw[key] = params[key];
  const problems: string[] = [];
  const first = activityQuerySchema.safeParse(raw);
  let query: ActivityQuery;
  if (first.success) {
    query = first.data;
  } else {
    for (const issue of first.error.issues) {
      const key = String(issue.path[0]) as keyof ActivityQuery;
      problems.push(`The ${FIELD_NAMES[key] ?? key} ${issue.message}.`);
      delete raw[key];
    }
    const second = activityQuerySchema.safeParse(raw);
    query = second.success ? second.data : activityQuerySchema.parse({});
  }
  if (query.from && query.to && query.from > query.to) {
    problems.push("The from date lies after the to date.");
    const { from: _from, to: _to, ...rest } = query;
    query = rest;
  }
  return { query, problems };
}

/** The query string for `query`, defaults left out so addresses stay short. */
export function activitySearch(query: Partial<ActivityQuery>): string {
  const params = new URLSearchParams();
  if (query.person) params.set("person", query.person);
  if (query.action) params.set("action", query.action);
  if (query.from) params.set("from", query.from);
  if (query.to) params.set("to", query.to);
  if (query.p && query.p > 1) params.set("p", String(query.p));
  const text = params.toString();
  return text ? `?${text}` : "";
}

export function isFiltered(query: ActivityQuery): boolean {
  return Boolean(query.person || query.action || query.from || query.to);
}
