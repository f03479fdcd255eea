import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CurrentUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { bookingPages } from "@/lib/db/schema";
import { createTestDatabase } from "@/lib/db/testing";
import { addMember, newOrganisation } from "@/lib/organisations/test-helpers";
import { loadBookings } from "./list";
import { reserveBooking } from "./reserve";

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let owner: CurrentUser;
let host: CurrentUser;
let colleague: CurrentUser;
let stranger: CurrentUser;
const now = new Date("2030-03-04T12:00:00Z");

async function bookFor(input: { actor: CurrentUser; hostUser: CurrentUser; start: string }) {
  const [page] = await db()
    .insert(bookingPages)
    .values({
      organisationId: input.actor.organisationId,
      slug: `p-${Math.random().toString(36).slice(2, 10)}`,
      title: "Intro",
      durationMinutes: 30,
    })
    .returning();
  const start = new Date(input.start);
  return reserveBooking({
    organisationId: input.actor.organisationId,
    pageId: page?.id ?? "",
    pageTitle: "Intro",
    start,
    end: new Date(start.getTime() + 30 * 60_000),
    hostUserIds: [input.hostUser.userId],
    organiserUserId: input.hostUser.userId,
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 0,
    customer: { name: "Cara", email: "cara@example.com", timeZone: "UTC" },
  });
}

beforeAll(async () => {
  database = await createTestDatabase();
  owner = await newOrganisation();
  host = await addMember(owner, "member");
  colleague = await addMember(owner, "member");
  stranger = await newOrganisation();
  await bookFor({ actor: owner, hostUser: host, start: "2030-03-05T09:00:00Z" });
  await bookFor({ actor: owner, hostUser: colleague, start: "2030-03-05T10:00:00Z" });
  await bookFor({ actor: owner, hostUser: host, start: "2030-03-01T09:00:00Z" });
  await bookFor({ actor: stranger, hostUser: stranger, start: "2030-03-05T09:00:00Z" });
});
afterAll(async () => {
  await database?.drop();
});

describe("loadBookings", () => {
  it("shows admins every booking of their organisation, and nothing of another", async () => {
    const upcoming = await loadBookings({ actor: owner, when: "upcoming", now });
    expect(upcoming.map((b) => b.start.toISOString())).toEqual([
      "2030-03-05T09:00:00.000Z",
      "2030-03-05T10:00:00.000Z",
    ]);
    expect(upcoming.every((b) => b.status === "write_pending")).toBe(true);
    expect((await loadBookings({ actor: owner, when: "past", now })).map((b) => b.start.toISOString())).toEqual([
      "2030-03-01T09:00:00.000Z",
    ]);
  });

  it("shows members only the bookings they host", async () => {
    const mine = await loadBookings({ actor: host, when: "upcoming", now });
    expect(mine).toHaveLength(1);
    expect(mine[0]?.organiserName).toBe("A member");
    expect(await loadBookings({ actor: colleague, when: "past", now })).toHaveLength(0);
  });
});
