import "server-only";
import { and, asc, eq, inArray, or } from "drizzle-orm";
import type { CurrentUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { bookingPageDateOverrides, bookingPageHosts, bookingPages, exchangeConnections, users } from "@/lib/db/schema";
import { mayEditPage, mayManageAllPages } from "./access";

// Reads for the admin screens, always scoped by the actor's organisation (from the session, never input).

export interface PageListItem {
  id: string;
  title: string;
  slug: string;
  schedulingType: "single" | "round_robin" | "collective";
  published: boolean;
  hostNames: string[];
  editable: boolean;
}

/** Admins see every page of the organisation; members the pages they created or host. */
export async function listBookingPages({ actor }: { actor: CurrentUser }): Promise<PageListItem[]> {
  const hosted = db()
    .select({ pageId: bookingPageHosts.pageId })
    .from(bookingPageHosts)
    .where(eq(bookingPageHosts.userId, actor.userId));
  const pages = await db()
    .select()
    .from(bookingPages)
    .where(
      and(
        eq(bookingPages.organisationId, actor.organisationId),
        mayManageAllPages(actor)
          ? undefined
          : or(eq(bookingPages.createdById, actor.userId), inArray(bookingPages.id, hosted)),
      ),
    )
    .orderBy(asc(bookingPages.title));
  if (pages.length === 0) return [];
  const hosts = await db()
    .select({ pageId: bookingPageHosts.pageId, name: users.name })
    .from(bookingPageHosts)
    .innerJoin(users, eq(users.id, bookingPageHosts.userId))
    .where(
      inArray(
        bookingPageHosts.pageId,
        pages.map((page) => page.id),
      ),
    )
    .orderBy(asc(users.name));
  return pages.map((page) => ({
    id: page.id,
    title: page.title,
    slug: page.slug,
    schedulingType: page.schedulingType,
    published: page.published,
    hostNames: hosts.filter((host) => host.pageId === page.id).map((host) => host.name),
    editable: mayEditPage({ actor, page }),
  }));
}

/** One page with its hosts (and their names) and date overrides, when the actor may edit it; else null. */
export async function getBookingPageForEditing({ actor, pageId }: { actor: CurrentUser; pageId: string }) {
  const [page] = await db()
    .select()
    .from(bookingPages)
    .where(and(eq(bookingPages.id, pageId), eq(bookingPages.organisationId, actor.organisationId)))
    .limit(1);
  if (!page || !mayEditPage({ actor, page })) return null;
  const [hosts, overrides] = await Promise.all([
    db()
      .select({
        userId: bookingPageHosts.userId,
        name: users.name,
        priority: bookingPageHosts.priority,
        timeZone: bookingPageHosts.timeZone,
        weeklyHours: bookingPageHosts.weeklyHours,
        useExchangeWorkingHours: bookingPageHosts.useExchangeWorkingHours,
      })
      .from(bookingPageHosts)
      .innerJoin(users, eq(users.id, bookingPageHosts.userId))
      .where(eq(bookingPageHosts.pageId, pageId))
      .orderBy(asc(users.name)),
    db()
      .select({
        id: bookingPageDateOverrides.id,
        userId: bookingPageDateOverrides.userId,
        date: bookingPageDateOverrides.date,
        windows: bookingPageDateOverrides.windows,
      })
      .from(bookingPageDateOverrides)
      .where(eq(bookingPageDateOverrides.pageId, pageId))
      .orderBy(asc(bookingPageDateOverrides.date)),
  ]);
  return { page, hosts, overrides };
}

export type EditablePage = NonNullable<Awaited<ReturnType<typeof getBookingPageForEditing>>>;

/** Who may be named a host: admins any member, members only themselves; with whether they have a calendar. */
export async function listHostCandidates({ actor }: { actor: CurrentUser }) {
  const [members, connected] = await Promise.all([
    db()
      .select({ id: users.id, name: users.name })
      .from(users)
      .where(
        and(
          eq(users.organisationId, actor.organisationId),
          mayManageAllPages(actor) ? undefined : eq(users.id, actor.userId),
        ),
      )
      .orderBy(asc(users.name)),
    db()
      .selectDistinct({ ownerUserId: exchangeConnections.ownerUserId })
      .from(exchangeConnections)
      .where(eq(exchangeConnections.organisationId, actor.organisationId)),
  ]);
  const withCalendar = new Set(connected.map((row) => row.ownerUserId));
  return members.map((member) => ({ ...member, hasCalendar: withCalendar.has(member.id) }));
}

export type HostCandidate = Awaited<ReturnType<typeof listHostCandidates>>[number];
