import { z } from "zod";
import { hasRole } from "@/lib/auth/roles";
import { type BookingStatus, bookingStatusEnum, type Role } from "@/lib/db/schema";
import { singleLineText } from "@/lib/validation/text";

export interface BookingListFilters {
  when: "upcoming" | "past";
  status?: BookingStatus;
  pageId?: string;
  /** Bookings this member hosts; honoured for admins only (members only ever see their own). */
  hostUserId?: string;
  /** Customer name or email, or page title; case-insensitive, anywhere in the text. */
  search?: string;
}

export const BOOKINGS_PER_PAGE = 50;

// The Bookings page's filters as they travel in its address (a GET form, so a filtered view can be shared).
// Empty fields (an untouched select, a blank search box) mean "no filter", not a mistake.
const emptyIsAbsent = (value: unknown) => (value === "" ? undefined : value);

export const bookingListQuerySchema = z.object({
  tab: z.preprocess(emptyIsAbsent, z.enum(["upcoming", "past"]).default("upcoming")),
  status: z.preprocess(emptyIsAbsent, z.enum(bookingStatusEnum.enumValues).optional()),
  pageId: z.preprocess(emptyIsAbsent, z.uuid().optional()),
  host: z.preprocess(emptyIsAbsent, z.uuid().optional()),
  // Read before it reaches the ILIKE: Postgres refuses NUL in text, which had failed the page with a 500.
  q: z.preprocess(
    (value) => (typeof value === "string" ? emptyIsAbsent(value.trim()) : value),
    singleLineText().max(200).optional(),
  ),
  p: z.preprocess(emptyIsAbsent, z.coerce.number().int().min(1).max(100_000).default(1)),
});

export type BookingListQuery = z.output<typeof bookingListQuerySchema>;

const FIELD_NAMES: Record<string, string> = {
  tab: "tab",
  status: "status",
  pageId: "booking page",
  host: "host",
  q: "search",
  p: "page number",
};

/**
 * Reads the query string leniently: a parameter that does not parse (hand-edited, stale, repeated) is
 * dropped and named in `problem`, the rest still apply. Never throws.
 */
export function parseBookingListQuery(params: Record<string, string | string[] | undefined>): {
  query: BookingListQuery;
  problem: string | null;
} {
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(FIELD_NAMES)) {
    if (params[key] !== undefined) raw[key] = params[key];
  }
  const first = bookingListQuerySchema.safeParse(raw);
  if (first.success) return { query: first.data, problem: null };
  const bad = new Set(first.error.issues.map((issue) => String(issue.path[0])));
  for (const key of bad) delete raw[key];
  const second = bookingListQuerySchema.safeParse(raw);
  const query = second.success ? second.data : bookingListQuerySchema.parse({});
  const names = [...bad].map((key) => FIELD_NAMES[key] ?? key).join(", ");
  return { query, problem: `Some filters in the address could not be read and were left out (${names}).` };
}

/** The query string for `query`, defaults left out so addresses stay short. */
export function bookingListSearch(query: Partial<BookingListQuery>): string {
  const params = new URLSearchParams();
  if (query.tab && query.tab !== "upcoming") params.set("tab", query.tab);
  if (query.status) params.set("status", query.status);
  if (query.pageId) params.set("pageId", query.pageId);
  if (query.host) params.set("host", query.host);
  if (query.q) params.set("q", query.q);
  if (query.p && query.p > 1) params.set("p", String(query.p));
  const text = params.toString();
  return text ? `?${text}` : "";
}

/** A LIKE pattern matching `text` anywhere, its own % _ and \ taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The loader's filters for `query`: the host filter only for admins (members only ever see their own). */
export function toBookingListFilters(input: { query: BookingListQuery; role: Role }): BookingListFilters {
  const { query } = input;
  return {
    when: query.tab,
    status: query.status,
    pageId: query.pageId,
    hostUserId: hasRole(input.role, "admin") ? query.host : undefined,
    search: query.q,
  };
}
