import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CurrentUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { bookingHolds, bookingPages, bookings } from "@/lib/db/schema";
import { createTestDatabase } from "@/lib/db/testing";
import { addMember, newOrganisation } from "@/lib/organisations/test-helpers";
import { type Reservation, reserveBooking, SlotTakenError } from "./reserve";

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let owner: CurrentUser;
let host: CurrentUser;
let other: CurrentUser;
let pageId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  owner = await newOrganisation();
  host = await addMember(owner, "member");
  other = await addMember(owner, "member");
  const [page] = await db()
    .insert(bookingPages)
    .values({ organisationId: owner.organisationId, slug: "consult", title: "Consultation", durationMinutes: 30 })
    .returning({ id: bookingPages.id });
  pageId = page?.id ?? "";
});
afterAll(async () => {
  await database?.drop();
});

const at = (iso: string) => new Date(iso);
const reservation = (patch: Partial<Reservation>): Reservation => ({
  organisationId: owner.organisationId,
  pageId,
  pageTitle: "Consultation",
  start: at("2026-12-01T09:00:00Z"),
  end: at("2026-12-01T09:30:00Z"),
  hostUserIds: [host.userId],
  organiserUserId: host.userId,
  bufferBeforeMinutes: 0,
  bufferAfterMinutes: 0,
  customer: { name: "Cara Customer", email: "cara@example.com", timeZone: "Europe/Berlin" },
  ...patch,
});

describe("reserveBooking", () => {
  it("lets exactly one of 50 simultaneous requests for one slot through", async () => {
    const start = at("2026-12-02T10:00:00Z");
    const end = at("2026-12-02T10:30:00Z");
    const outcomes = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) =>
        reserveBooking(
          reservation({ start, end, customer: { name: `C${i}`, email: `c${i}@example.com`, timeZone: "UTC" } }),
        ),
      ),
    );
    const won = outcomes.filter((o) => o.status === "fulfilled");
    const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(49);
    for (const o of lost) expect(o.reason).toBeInstanceOf(SlotTakenError);
    // The losers left nothing behind: one booking, one hold.
    const rows = await db().select().from(bookings).where(eq(bookings.startsAt, start));
    expect(rows).toHaveLength(1);
  });

  it("counts buffers: a booking ending where another's buffer begins is refused", async () => {
    await reserveBooking(reservation({ start: at("2026-12-03T09:00:00Z"), end: at("2026-12-03T09:30:00Z") }));
    await expect(
      reserveBooking(
        reservation({
          start: at("2026-12-03T09:30:00Z"),
          end: at("2026-12-03T10:00:00Z"),
          bufferBeforeMinutes: 15,
        }),
      ),
    ).rejects.toBeInstanceOf(SlotTakenError);
    // Back to back without buffers is fine: ranges are half-open.
    await reserveBooking(reservation({ start: at("2026-12-03T09:30:00Z"), end: at("2026-12-03T10:00:00Z") }));
  });

  it("holds each host separately, and a collective booking needs every host free", async () => {
    const slot = { start: at("2026-12-04T14:00:00Z"), end: at("2026-12-04T15:00:00Z") };
    await reserveBooking(reservation({ ...slot, hostUserIds: [other.userId], organiserUserId: other.userId }));
    await reserveBooking(reservation({ ...slot, hostUserIds: [host.userId] }));
    const before = await db().select().from(bookings);
    await expect(
      reserveBooking(reservation({ ...slot, hostUserIds: [owner.userId, host.userId], organiserUserId: owner.userId })),
    ).rejects.toBeInstanceOf(SlotTakenError);
    expect(await db().select().from(bookings)).toHaveLength(before.length);
    const ownerHolds = await db().select().from(bookingHolds).where(eq(bookingHolds.hostUserId, owner.userId));
    expect(ownerHolds).toEqual([]);
  });

  it("frees the time once a hold is released (a cancelled booking)", async () => {
    const slot = { start: at("2026-12-05T08:00:00Z"), end: at("2026-12-05T08:30:00Z") };
    const { bookingId } = await reserveBooking(reservation(slot));
    await expect(reserveBooking(reservation(slot))).rejects.toBeInstanceOf(SlotTakenError);
    await db().update(bookingHolds).set({ released: true }).where(eq(bookingHolds.bookingId, bookingId));
    await reserveBooking(reservation(slot));
  });
});
