import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CurrentUser } from "@/lib/auth/session";
import { loadTrustBundle, trustBundleOf } from "@/lib/calendars/certificate-authorities";
import { closedConfig } from "@/lib/calendars/test-helpers";
import { db } from "@/lib/db";
import {
  bookingPageDateOverrides,
  bookingPageHosts,
  bookingPages,
  exchangeConnections,
  organisationCertificateAuthorities,
  users,
} from "@/lib/db/schema";
import { createTestDatabase } from "@/lib/db/testing";
import { addMember, newOrganisation } from "@/lib/organisations/test-helpers";
import { insertBookingPage } from "../test-helpers";
import { loadBookablePage, loadBookablePageById } from "./bookable-page";

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let owner: CurrentUser;
let alice: CurrentUser;
let bob: CurrentUser;
let carol: CurrentUser;

beforeAll(async () => {
  database = await createTestDatabase();
  owner = await newOrganisation();
  alice = await addMember(owner, "member", "alice@contoso.test");
  bob = await addMember(owner, "member", "bob@contoso.test");
  carol = await addMember(owner, "member", "carol@contoso.test");
});
afterAll(async () => {
  await database?.drop();
});

/** A connection row as saveConnection would leave it; the sealed secret is never opened here. */
async function insertConnection(input: { owner: CurrentUser; user: CurrentUser; mailbox: string; createdAt: Date }) {
  const [row] = await db()
    .insert(exchangeConnections)
    .values({
      organisationId: input.owner.organisationId,
      mailboxEmail: input.mailbox,
      ewsUrl: "https://mail.contoso.test/EWS/Exchange.asmx",
      authUsername: `CONTOSO\\${input.mailbox.split("@")[0]}`,
      secret: "v1.sealed-elsewhere",
      keyVersion: 1,
      ownerUserId: input.user.userId,
      createdAt: input.createdAt,
    })
    .returning();
  if (!row) throw new Error("no connection row");
  return row;
}

/** The loader as it was before it became one statement: three dependent queries, kept as the reference. */
async function loadByReference(pageId: string) {
  const [row] = await db().select().from(bookingPages).where(eq(bookingPages.id, pageId));
  if (!row) return null;
  const hostRows = await db()
    .select({ settings: bookingPageHosts, name: users.name, email: users.email })
    .from(bookingPageHosts)
    .innerJoin(users, and(eq(users.id, bookingPageHosts.userId), eq(users.organisationId, row.organisationId)))
    .where(eq(bookingPageHosts.pageId, pageId));
  const connections = await db()
    .select()
    .from(exchangeConnections)
    .where(eq(exchangeConnections.organisationId, row.organisationId))
    .orderBy(asc(exchangeConnections.createdAt));
  const overrides = await db()
    .select()
    .from(bookingPageDateOverrides)
    .where(eq(bookingPageDateOverrides.pageId, pageId))
    .orderBy(asc(bookingPageDateOverrides.date));
  return hostRows
    .map((host) => ({
      ...host,
      connection: connections.find((c) => c.ownerUserId === host.settings.userId) ?? null,
      overrides: overrides.filter((o) => o.userId === host.settings.userId),
    }))
    .sort((a, b) => b.settings.priority - a.settings.priority || a.settings.userId.localeCompare(b.settings.userId));
}

describe("loadBookablePage", () => {
  it("reads page, hosts in priority order, each host's first connection and overrides, typed as the tables", async () => {
    const outsider = await addMember(await newOrganisation(), "member", "dave@fabrikam.test");
    const later = await insertConnection({
      owner,
      user: alice,
      mailbox: "alice-second@contoso.test",
      createdAt: new Date("2026-03-02T00:00:00Z"),
    });
    const first = await insertConnection({
      owner,
      user: alice,
      mailbox: "alice@contoso.test",
      createdAt: new Date("2026-03-01T00:00:00Z"),
    });
    const page = await insertBookingPage({
      owner,
      schedulingType: "round_robin",
      hosts: [
        { user: alice, timeZone: "Europe/London", priority: 1 },
        { user: bob, timeZone: "America/New_York", priority: 5 },
        { user: carol, timeZone: "Asia/Tokyo", priority: 1 },
        // A user of another organisation listed as host is not a host of this page.
        { user: outsider, timeZone: "UTC" },
      ],
    });
    await db()
      .insert(bookingPageDateOverrides)
      .values([
        { pageId: page.id, userId: alice.userId, date: "2026-04-03", windows: [] },
        { pageId: page.id, userId: alice.userId, date: "2026-04-01", windows: [{ startMinute: 600, endMinute: 720 }] },
        { pageId: page.id, userId: bob.userId, date: "2026-04-02", windows: [{ startMinute: 0, endMinute: 60 }] },
      ]);

    const loaded = await loadBookablePage(page.slug);
    expect(loaded).not.toBeNull();
    expect(loaded?.page).toEqual((await db().select().from(bookingPages).where(eq(bookingPages.id, page.id)))[0]);
    expect(loaded?.organisationName).toBeTypeOf("string");
    expect(loaded?.hosts).toEqual(await loadByReference(page.id));

    const [bobHost, ...rest] = loaded?.hosts ?? [];
    expect(bobHost?.settings.userId).toBe(bob.userId);
    expect(bobHost?.connection).toBeNull();
    expect(rest.map((host) => host.settings.userId)).toEqual([alice.userId, carol.userId].sort());
    const aliceHost = loaded?.hosts.find((host) => host.settings.userId === alice.userId);
    expect(aliceHost?.connection).toEqual(first);
    expect(aliceHost?.connection?.id).not.toBe(later.id);
    expect(aliceHost?.connection?.createdAt).toBeInstanceOf(Date);
    expect(aliceHost?.overrides.map((o) => [o.date, o.windows])).toEqual([
      ["2026-04-01", [{ startMinute: 600, endMinute: 720 }]],
      ["2026-04-03", []],
    ]);
    expect(loaded?.hosts.some((host) => host.settings.userId === outsider.userId)).toBe(false);
  });

  it("finds a page without hosts, hides drafts from the public and shows them to the preview by id", async () => {
    const [empty] = await db()
      .insert(bookingPages)
      .values({
        organisationId: owner.organisationId,
        slug: `no-hosts-${Date.now().toString(36)}`,
        title: "Nobody yet",
        durationMinutes: 30,
        published: true,
      })
      .returning();
    expect(empty && (await loadBookablePage(empty.slug))?.hosts).toEqual([]);

    const draft = await insertBookingPage({
      owner,
      hosts: [{ user: carol, timeZone: "UTC" }],
      page: { published: false },
    });
    expect(await loadBookablePage(draft.slug)).toBeNull();
    expect(await loadBookablePage("no-such-page")).toBeNull();
    const preview = await loadBookablePageById({ pageId: draft.id, organisationId: owner.organisationId });
    expect(preview?.hosts.map((host) => host.settings.userId)).toEqual([carol.userId]);
    const foreign = await newOrganisation();
    expect(await loadBookablePageById({ pageId: draft.id, organisationId: foreign.organisationId })).toBeNull();
  });

  it("carries its own organisation's uploaded CAs, oldest first, as the trust bundle reads them", async () => {
    const other = await newOrganisation();
    const page = await insertBookingPage({ owner, hosts: [{ user: alice, timeZone: "UTC" }] });
    expect((await loadBookablePage(page.slug))?.organisationCaPems).toEqual([]);
    // Not parsed on the way out, so any text stands in for a certificate here.
    const ca = (organisationId: string, name: string, createdAt: string) => ({
      organisationId,
      pem: `-----BEGIN CERTIFICATE-----\n${name}\n-----END CERTIFICATE-----`,
      subject: `CN=${name}`,
      fingerprintSha256: name,
      createdAt: new Date(createdAt),
    });
    await db()
      .insert(organisationCertificateAuthorities)
      .values([
        ca(owner.organisationId, "newer", "2026-03-02T00:00:00Z"),
        ca(other.organisationId, "foreign", "2026-03-01T00:00:00Z"),
        ca(owner.organisationId, "older", "2026-03-01T00:00:00Z"),
      ]);

    const loaded = await loadBookablePage(page.slug);
    expect(loaded?.organisationCaPems.map((pem) => pem.split("\n")[1])).toEqual(["older", "newer"]);
    const config = closedConfig();
    expect(trustBundleOf({ config, organisationPems: loaded?.organisationCaPems ?? [] })).toBe(
      await loadTrustBundle({ organisationId: owner.organisationId, config }),
    );
    expect(loaded?.hosts).toHaveLength(1);
  });
});
