import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { bookings } from "@/lib/db/schema";
import { bookingBody, bookSlot, offeredSlots, publicApi, setUpPublicApi, slotsQuery } from "./test-helpers";

// Bad input to the public API answers 400 with a message, through the real route handlers: a NUL byte had
// reached Postgres (which refuses it in text) and a year-9999 date the arithmetic beyond it, both as 500.

const world = setUpPublicApi();

async function refusal(response: Response) {
  const body = (await response.json()) as { error: string; message: string; fieldErrors?: Record<string, string[]> };
  return { status: response.status, ...body };
}

describe("a booking request", () => {
  it("with a NUL byte in the name, notes or an answer answers 400 naming the field, and books nothing", async () => {
    // A time the page offers: the request gets as far as it can, where the NUL had reached Postgres.
    const [start] = await offeredSlots({ slug: world.slug });
    if (!start) throw new Error("no slot offered");
    const before = await db().select().from(bookings);
    for (const fields of [
      { name: "Cara\u0000Customer" },
      { notes: "Please \u0000 call" },
      { answers: { topic: "\u0000" } },
    ]) {
      const response = await publicApi.book({
        slug: world.slug,
        body: bookingBody({ slug: world.slug, start, fields }),
      });
      const answer = await refusal(response);
      expect(answer, JSON.stringify(fields)).toMatchObject({ status: 400, error: "invalid_input" });
      expect(answer.message.length).toBeGreaterThan(5);
      const [field] = Object.keys(fields);
      expect(answer.fieldErrors?.[field ?? ""]?.[0]).toMatch(/control characters/);
    }
    expect(await db().select().from(bookings)).toHaveLength(before.length);
  });

  it("with a bidi override or a line break in the name answers 400 saying so", async () => {
    const [start = ""] = await offeredSlots({ slug: world.slug });
    const overridden = await refusal(
      await publicApi.book({
        slug: world.slug,
        body: bookingBody({ slug: world.slug, start, fields: { name: "Cara \u202Efdp.exe" } }),
      }),
    );
    expect(overridden).toMatchObject({ status: 400, error: "invalid_input" });
    expect(overridden.fieldErrors?.name?.[0]).toMatch(/text-direction/);
    const broken = await refusal(
      await publicApi.book({
        slug: world.slug,
        body: bookingBody({ slug: world.slug, start, fields: { name: "Cara\nBcc: x@example.com" } }),
      }),
    );
    expect(broken.fieldErrors?.name?.[0]).toMatch(/one line/);
  });

  it("for a time far out of range or without a zone answers 400 naming start", async () => {
    for (const start of ["9999-12-30T09:00:00Z", "0001-01-01T00:00:00Z", "2030-03-04T09:00:00"]) {
      const answer = await refusal(
        await publicApi.book({ slug: world.slug, body: bookingBody({ slug: world.slug, start }) }),
      );
      expect(answer, start).toMatchObject({ status: 400, error: "invalid_input" });
      expect(answer.fieldErrors?.start?.[0], start).toMatch(/between 1970 and 2199|ISO-8601/);
    }
  });
});

describe("a slots lookup", () => {
  it("for dates beyond the sane range answers 400 naming the parameter", async () => {
    for (const query of [
      "start=9999-12-30&end=9999-12-31&timeZone=UTC",
      "start=9999-12-30&end=9999-12-30&timeZone=Pacific/Kiritimati",
      "start=1969-12-31&end=1970-01-01&timeZone=UTC",
    ]) {
      const answer = await refusal(await publicApi.slots({ slug: world.slug, query }));
      expect(answer, query).toMatchObject({ status: 400, error: "invalid_input" });
      expect(answer.message, query).toMatch(/^(start|end) must lie between 1970 and 2199/);
    }
  });

  it("with a NUL byte in the zone answers 400", async () => {
    const answer = await refusal(
      await publicApi.slots({ slug: world.slug, query: `${slotsQuery({ fromDays: 0, toDays: 1 })}%00` }),
    );
    expect(answer).toMatchObject({ status: 400, error: "invalid_input" });
    expect(answer.message).toMatch(/^timeZone /);
  });
});

describe("a manage link", () => {
  it("refuses a NUL byte in a cancellation reason and a far-off reschedule with 400, and the booking stays", async () => {
    const start = (await offeredSlots({ slug: world.slug })).at(-1);
    if (!start) throw new Error("no slot offered");
    const { token } = await bookSlot({ slug: world.slug, start });
    const cancelled = await refusal(await publicApi.cancel({ token, body: { reason: "Sorry\u0000" } }));
    expect(cancelled).toMatchObject({ status: 400, error: "invalid_input" });
    expect(cancelled.fieldErrors?.reason?.[0]).toMatch(/control characters/);
    const moved = await refusal(
      await publicApi.reschedule({ token, body: { start: "9999-12-30T09:00:00Z", timeZone: "UTC" } }),
    );
    expect(moved).toMatchObject({ status: 400, error: "invalid_input" });
    expect(moved.fieldErrors?.start?.[0]).toMatch(/between 1970 and 2199/);
    const [stored] = await db().select().from(bookings).where(eq(bookings.customerName, "Cara Customer"));
    expect(stored?.status).not.toBe("cancelled");
  });
});
