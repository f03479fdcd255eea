import "server-only";
import { and, asc, eq, getTableColumns, isNull, type SQL, sql } from "drizzle-orm";
import { type Database, db } from "@/lib/db";
import {
  bookingPageDateOverrides,
  bookingPageHosts,
  bookingPages,
  exchangeConnections,
  organisationCertificateAuthorities,
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
  /**
   * The CA certificates the organisation's owners uploaded (PEM, oldest first): with EXCHANGE_CA_FILE, the
   * trust bundle for its hosts' connections (openConnectionAccess), read here to save a query per call.
   */
  organisationCaPems: string[];
  /** In a stable order: priority (highest first), then user id, so every request sees the same list. */
  hosts: BookableHost[];
}

/**
 * A published page by its public slug, with hosts, their overrides and their own connections; null when
 * no published page has that slug (a draft, or a page of a disabled organisation, is as unknown to the public
 * as a missing page).
 */
export async function loadBookablePage(slug: string): Promise<BookablePage | null> {
  return toBookablePage(await statementsFor(db()).bySlug.execute({ slug }));
}

/** Any page of one organisation, published or not: for its editors' preview. Check access before calling. */
export async function loadBookablePageById(input: {
  pageId: string;
  organisationId: string;
}): Promise<BookablePage | null> {
  return toBookablePage(await statementsFor(db()).byId.execute(input));
}

/** The override columns as one JSON object per row; read back through each column's own decoder below. */
const OVERRIDE_COLUMNS = Object.entries(getTableColumns(bookingPageDateOverrides));
const overrideObject = sql.join(
  OVERRIDE_COLUMNS.map(([key, column]) => sql`${sql.raw(`'${key}'`)}, ${column}`),
  sql`, `,
);

/** A json column: postgres.js hands it over parsed, PGlite sometimes as text. */
function fromJson<T>(value: unknown, empty: T): T {
  return (typeof value === "string" ? JSON.parse(value) : (value ?? empty)) as T;
}

function toOverrideRows(value: unknown): DateOverrideRow[] {
  const list = fromJson<Record<string, unknown>[]>(value, []);
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
 * Page, organisation name and CAs, hosts, each host's first connection and date overrides in one
 * statement: the public slots endpoint runs this on every request, and dependent round trips were its
 * largest fixed cost after Exchange itself. One row per host (or one row with no host).
 */
function selectBookablePage(input: { database: Database; where: SQL | undefined }) {
  const { database } = input;
  const firstConnection = database
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
  return (
    database
      .select({
        page: bookingPages,
        organisationName: organisations.name,
        organisationCaPems: sql<unknown>`(select coalesce(json_agg(${organisationCertificateAuthorities.pem} order by ${organisationCertificateAuthorities.createdAt}, ${organisationCertificateAuthorities.id}), '[]'::json) from ${organisationCertificateAuthorities} where ${organisationCertificateAuthorities.organisationId} = ${bookingPages.organisationId})`,
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
      .leftJoin(
        users,
        and(eq(users.id, bookingPageHosts.userId), eq(users.organisationId, bookingPages.organisationId)),
      )
      .leftJoinLateral(firstConnection, sql`true`)
      .where(input.where)
  );
}

type BookablePageRows = Awaited<ReturnType<typeof selectBookablePage>>;

/**
 * Built once per database and reused: turning the query into SQL took drizzle longer than Postgres took
 * to answer it. Per database because tests install a fresh one.
 */
function prepareStatements(database: Database) {
  return {
    bySlug: selectBookablePage({
      database,
      // A disabled organisation's pages are as unknown to the public as a missing page.
      where: and(
        eq(bookingPages.slug, sql.placeholder("slug")),
        eq(bookingPages.published, true),
        isNull(organisations.disabledAt),
      ),
    }).prepare("bookable_page_by_slug"),
    byId: selectBookablePage({
      database,
      where: and(
        eq(bookingPages.id, sql.placeholder("pageId")),
        eq(bookingPages.organisationId, sql.placeholder("organisationId")),
      ),
    }).prepare("bookable_page_by_id"),
  };
}

const statements = new WeakMap<Database, ReturnType<typeof prepareStatements>>();

function statementsFor(database: Database): ReturnType<typeof prepareStatements> {
  let found = statements.get(database);
  if (!found) {
    found = prepareStatements(database);
    statements.set(database, found);
  }
  return found;
}

function toBookablePage(rows: BookablePageRows): BookablePage | null {
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
  return {
    page: first.page,
    organisationName: first.organisationName,
    organisationCaPems: fromJson<string[]>(first.organisationCaPems, []),
    hosts: hosts.sort(byPriority),
  };
}

/** Priority (highest first), then user id, so every request sees the same list. */
function byPriority(a: BookableHost, b: BookableHost): number {
  return (
    b.settings.priority - a.settings.priority ||
    (a.settings.userId < b.settings.userId ? -1 : a.settings.userId > b.settings.userId ? 1 : 0)
  );
}
