import "server-only";
import { and, asc, eq, getTableColumns, type SQL, sql } from "drizzle-orm";
import { db } from "@/lib/db";
import {
  bookingPageDateOverrides,
  bookingPageHosts,
  bookingPages,
  exchangeConnections,
  organisations,
  users,
} from "@/lib/db/schema";

export type BookingPageRow = typeof bookingPages.$inferSelect;
export type BookingPageHostRow = typeof bookingPageHosts.$inferSelect;
export type DateOverrideRow = typeof bookingPageDateOverrides.$inferSelect;
export type ConnectionRow = typeof exchangeConnections.$inferSelect;

/** One host as booking needs them: their page settings, who they are, and the calendar that is theirs. */
export interface BookableHost {
  settings: BookingPageHostRow;
  name: string;
  email: string;
  /** The host's own Exchange connection (the first they made); null when they have none. */
  connection: ConnectionRow | null;
  overrides: DateOverrideRow[];
}

/** Everything the slot engine and a booking need about one published page. Server-side only. */
export interface BookablePage {
  page: BookingPageRow;
  organisationName: string;
  /** In a stable order: priority (highest first), then user id, so every request sees the same list. */
  hosts: BookableHost[];
}

/**
 * A published page by its public slug, with hosts, their overrides and their own connections; null when
 * no published page has that slug (a draft is as unknown to the public as a missing page).
 */
export function loadBookablePage(slug: string): Promise<BookablePage | null> {
  return loadWhere(and(eq(bookingPages.slug, slug), eq(bookingPages.published, true)));
}

/** Any page of one organisation, published or not: for its editors' preview. Check access before calling. */
export function loadBookablePageById(input: { pageId: string; organisationId: string }): Promise<BookablePage | null> {
  return loadWhere(and(eq(bookingPages.id, input.pageId), eq(bookingPages.organisationId, input.organisationId)));
}

/** The override columns as one JSON object per row; read back through each column's own decoder below. */
const OVERRIDE_COLUMNS = Object.entries(getTableColumns(bookingPageDateOverrides));
const overrideObject = sql.join(
  OVERRIDE_COLUMNS.map(([key, column]) => sql`${sql.raw(`'${key}'`)}, ${column}`),
  sql`, `,
);

function toOverrideRows(value: unknown): DateOverrideRow[] {
  const list = (typeof value === "string" ? JSON.parse(value) : (value ?? [])) as Record<string, unknown>[];
  return list.map(
    (item) =>
      Object.fromEntries(
        OVERRIDE_COLUMNS.map(([key, column]) => {
          const raw = item[key];
          return [key, raw === null || raw === undefined ? null : column.mapFromDriverValue(raw)];
        }),
      ) as DateOverrideRow,
  );
}

/**
 * Page, organisation name, hosts, each host's first connection and date overrides in one statement: the
 * public slots endpoint runs this on every request, and three dependent round trips were its largest
 * fixed cost after Exchange itself. One row per host (or one row with no host).
 */
async function loadWhere(where: SQL | undefined): Promise<BookablePage | null> {
  const firstConnection = db()
    .select()
    .from(exchangeConnections)
    .where(
      and(
        eq(exchangeConnections.organisationId, bookingPages.organisationId),
        eq(exchangeConnections.ownerUserId, bookingPageHosts.userId),
      ),
    )
    .orderBy(asc(exchangeConnections.createdAt), asc(exchangeConnections.id))
    .limit(1)
    .as("first_connection");
  const rows = await db()
    .select({
      page: bookingPages,
      organisationName: organisations.name,
      settings: bookingPageHosts,
      name: users.name,
      email: users.email,
      connection: firstConnection._.selectedFields,
      overrides: sql<unknown>`(select coalesce(json_agg(json_build_object(${overrideObject}) order by ${bookingPageDateOverrides.date}), '[]'::json) from ${bookingPageDateOverrides} where ${bookingPageDateOverrides.pageId} = ${bookingPages.id} and ${bookingPageDateOverrides.userId} = ${bookingPageHosts.userId})`,
    })
    .from(bookingPages)
    .innerJoin(organisations, eq(organisations.id, bookingPages.organisationId))
    .leftJoin(bookingPageHosts, eq(bookingPageHosts.pageId, bookingPages.id))
    // Only members of the page's own organisation count as hosts.
    .leftJoin(users, and(eq(users.id, bookingPageHosts.userId), eq(users.organisationId, bookingPages.organisationId)))
    .leftJoinLateral(firstConnection, sql`true`)
    .where(where);
  const [first] = rows;
  if (!first) return null;
  const hosts: BookableHost[] = rows.flatMap((row) =>
    row.settings && row.name !== null && row.email !== null
      ? [
          {
            settings: row.settings,
            name: row.name,
            email: row.email,
            connection: row.connection?.id ? row.connection : null,
            overrides: toOverrideRows(row.overrides),
          },
        ]
      : [],
  );
  return { page: first.page, organisationName: first.organisationName, hosts: hosts.sort(byPriority) };
}

/** Priority (highest first), then user id, so every request sees the same list. */
function byPriority(a: BookableHost, b: BookableHost): number {
  return (
    b.settings.priority - a.settings.priority ||
    (a.settings.userId < b.settings.userId ? -1 : a.settings.userId > b.settings.userId ? 1 : 0)
  );
}
