import "server-only";
import { and, asc, eq, inArray, type SQL } from "drizzle-orm";
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

async function loadWhere(where: SQL | undefined): Promise<BookablePage | null> {
  const [row] = await db()
    .select({ page: bookingPages, organisationName: organisations.name })
    .from(bookingPages)
    .innerJoin(organisations, eq(organisations.id, bookingPages.organisationId))
    .where(where);
  if (!row) return null;
  return { ...row, hosts: await loadHosts(row.page) };
}

async function loadHosts(page: BookingPageRow): Promise<BookableHost[]> {
  const hostRows = await db()
    .select({ settings: bookingPageHosts, name: users.name, email: users.email })
    .from(bookingPageHosts)
    .innerJoin(users, and(eq(users.id, bookingPageHosts.userId), eq(users.organisationId, page.organisationId)))
    .where(eq(bookingPageHosts.pageId, page.id));
  if (hostRows.length === 0) return [];
  const hostIds = hostRows.map((host) => host.settings.userId);
  const [connections, overrides] = await Promise.all([
    db()
      .select()
      .from(exchangeConnections)
      .where(
        and(
          eq(exchangeConnections.organisationId, page.organisationId),
          inArray(exchangeConnections.ownerUserId, hostIds),
        ),
      )
      .orderBy(asc(exchangeConnections.createdAt)),
    db().select().from(bookingPageDateOverrides).where(eq(bookingPageDateOverrides.pageId, page.id)),
  ]);
  return hostRows
    .map((host) => ({
      ...host,
      connection: connections.find((c) => c.ownerUserId === host.settings.userId) ?? null,
      overrides: overrides.filter((o) => o.userId === host.settings.userId),
    }))
    .sort(
      (a, b) =>
        b.settings.priority - a.settings.priority ||
        (a.settings.userId < b.settings.userId ? -1 : a.settings.userId > b.settings.userId ? 1 : 0),
    );
}
