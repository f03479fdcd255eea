import type { APIRequestContext } from "@playwright/test";
import { expect, test } from "./fixtures";
import { type PublishedPage, setUpPublishedPage, solveChallenge } from "./support/booking-fixtures";
import { simulatorCalendar, simulatorControl } from "./support/simulator-control";
import { readAppLog, readSimulatorInfo } from "./support/simulator-info";

// Booking over the public API as customers' browsers (and scripts) do it: real HTTP to the production
// build, the e2e server's EWS simulator as the host's Exchange, Postgres or PGlite behind.

interface PublicSlot {
  start: string;
  end: string;
}

const MAILBOX = "lena@contoso.test";
const simulator = () => readSimulatorInfo();
let published: PublishedPage;
let addressCounter = 0;
/** Every request from an address of its own, as customers are: the per-address limits stay out of the way. */
const fromNewAddress = () => ({ "x-forwarded-for": `198.19.${(addressCounter >> 8) & 255}.${addressCounter++ & 255}` });

const control = (input: { method: string; path: string; body?: unknown }) =>
  simulatorControl({ controlUrl: simulator().controlUrl, ...input });

const calendarOf = (mailbox: string) => simulatorCalendar({ controlUrl: simulator().controlUrl, mailbox });

function twoWeeks(): { start: string; end: string } {
  const today = new Date();
  const end = new Date(today.getTime() + 20 * 86_400_000);
  return { start: today.toISOString().slice(0, 10), end: end.toISOString().slice(0, 10) };
}

async function slots(request: APIRequestContext, timeZone = "Asia/Kolkata"): Promise<PublicSlot[]> {
  const { start, end } = twoWeeks();
  const response = await request.get(
    `/api/v1/public/pages/${published.slug}/slots?start=${start}&end=${end}&timeZone=${encodeURIComponent(timeZone)}`,
    { headers: fromNewAddress() },
  );
  expect(response.status()).toBe(200);
  const body = (await response.json()) as { timeZone: string; slots: PublicSlot[] };
  expect(body.timeZone).toBe(timeZone);
  return body.slots;
}

/** A solved proof of work, fetched and computed before a request goes out (the browser does the same). */
async function solvedChallenge(request: APIRequestContext) {
  const issued = (await (
    await request.get(`/api/v1/public/pages/${published.slug}/challenge`, { headers: fromNewAddress() })
  ).json()) as { challenge: string; difficulty: number };
  return { challenge: issued.challenge, nonce: solveChallenge(issued) };
}

async function book(
  request: APIRequestContext,
  input: { start: string; email: string; proof?: { challenge: string; nonce: string } },
) {
  const proof = input.proof ?? (await solvedChallenge(request));
  return request.post(`/api/v1/public/pages/${published.slug}/bookings`, {
    headers: fromNewAddress(),
    data: {
      start: input.start,
      name: "Cara Customer",
      email: input.email,
      timeZone: "Asia/Kolkata",
      answers: {},
      ...proof,
      website: "",
    },
  });
}

test.beforeAll(async ({ browser }) => {
  const context = await browser.newContext();
  published = await setUpPublishedPage(await context.newPage(), { organisation: "Flow Co" });
  await context.close();
});

test.afterEach(async () => {
  await control({ method: "DELETE", path: "/faults" });
});

test("a booking lands in the host's Exchange calendar, tagged with its id, and its slot disappears", async ({
  request,
}) => {
  const offered = await slots(request);
  const slot = offered[2];
  if (!slot) throw new Error("the page offers too few slots");
  const response = await book(request, { start: slot.start, email: "cara@example.com" });
  expect(response.status()).toBe(201);
  const booking = (await response.json()) as {
    id: string;
    start: string;
    end: string;
    status: string;
    manageUrl: string;
  };
  expect(booking).toMatchObject({ start: slot.start, end: slot.end, status: "confirmed" });
  expect(Object.keys(booking).sort()).toEqual(["end", "icsUrl", "id", "manageUrl", "start", "status"]);

  const items = (await calendarOf(MAILBOX)).filter((item) =>
    item.extendedProperties.some((p) => p.value === booking.id),
  );
  expect(items).toHaveLength(1);
  expect(new Date(items[0]?.start ?? "").toISOString()).toBe(slot.start);
  expect(items[0]?.requiredAttendees).toContain("cara@example.com");
  expect((await slots(request)).some((s) => s.start === slot.start)).toBe(false);

  const ics = await request.get(booking.manageUrl.replace("/manage/", "/api/v1/public/manage/").concat("/ics"));
  expect(ics.headers()["content-type"]).toContain("text/calendar");
  expect(await ics.text()).toContain(`UID:${booking.id}@slotbridge`);
});

test("50 simultaneous bookings of one slot: one 201, 49 × 409 with fresh slots, one Exchange item", async ({
  request,
}) => {
  const slot = (await slots(request))[4];
  if (!slot) throw new Error("the page offers too few slots");
  const before = (await calendarOf(MAILBOX)).length;
  // Proofs first, so the 50 requests really leave together.
  const proofs = [];
  for (let i = 0; i < 50; i++) proofs.push(await solvedChallenge(request));
  const responses = await Promise.all(
    proofs.map((proof, i) => book(request, { start: slot.start, email: `racer${i}@example.com`, proof })),
  );
  const statuses = responses.map((r) => r.status());
  expect(statuses.filter((s) => s === 201)).toHaveLength(1);
  expect(statuses.filter((s) => s === 409)).toHaveLength(49);
  const conflict = (await responses.find((r) => r.status() === 409)?.json()) as { error: string; slots: PublicSlot[] };
  expect(conflict.error).toBe("slot_taken");
  expect(conflict.slots.some((s) => s.start === slot.start)).toBe(false);
  const after = await calendarOf(MAILBOX);
  expect(after.length).toBe(before + 1);
  expect(after.filter((item) => new Date(item.start).toISOString() === slot.start)).toHaveLength(1);
});

test("Exchange down at submit: a clear 503, and no booking is made", async ({ request }) => {
  const slot = (await slots(request))[6];
  if (!slot) throw new Error("the page offers too few slots");
  const before = (await calendarOf(MAILBOX)).length;
  await control({ method: "POST", path: "/faults", body: { action: { kind: "http-error", status: 503 } } });
  const response = await book(request, { start: slot.start, email: "down@example.com" });
  expect(response.status()).toBe(503);
  expect(await response.json()).toMatchObject({ error: "calendar_unavailable" });
  await control({ method: "DELETE", path: "/faults" });
  expect((await slots(request)).some((s) => s.start === slot.start)).toBe(true);
  expect((await calendarOf(MAILBOX)).length).toBe(before);
});

test("throttled write: the booking is kept as pending and written once Exchange's back-off has passed", async ({
  request,
}) => {
  const slot = (await slots(request))[8];
  if (!slot) throw new Error("the page offers too few slots");
  await control({
    method: "POST",
    path: "/faults",
    body: { operation: "CreateItem", action: { kind: "server-busy", backOffMs: 2_000 }, times: 1 },
  });
  const response = await book(request, { start: slot.start, email: "patient@example.com" });
  expect(response.status()).toBe(201);
  const booking = (await response.json()) as { id: string; status: string };
  expect(booking.status).toBe("write_pending");
  expect((await slots(request)).some((s) => s.start === slot.start)).toBe(false);
  await expect
    .poll(
      async () => (await calendarOf(MAILBOX)).some((i) => i.extendedProperties.some((p) => p.value === booking.id)),
      {
        timeout: 45_000,
        intervals: [1_000],
      },
    )
    .toBe(true);
});

test("the public API carries slot instants only: no event details, hours, buffers or hosts", async ({ request }) => {
  const { start, end } = twoWeeks();
  const response = await request.get(
    `/api/v1/public/pages/${published.slug}/slots?start=${start}&end=${end}&timeZone=UTC`,
    { headers: fromNewAddress() },
  );
  const text = await response.text();
  const body = JSON.parse(text) as { timeZone: string; slots: PublicSlot[] };
  expect(Object.keys(body).sort()).toEqual(["slots", "timeZone"]);
  for (const slot of body.slots) {
    expect(Object.keys(slot).sort()).toEqual(["end", "start"]);
    expect(slot.start).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00\.000Z$/);
  }
  expect(text).not.toMatch(/contoso|lena|busy|tentative|buffer|notice|subject/i);
  const html = await (await request.get(`/book/${published.slug}`, { headers: fromNewAddress() })).text();
  expect(html).not.toMatch(/contoso\.test|busy|buffer|minimumNotice/i);
  expect(readAppLog()).not.toMatch(/canary/i);
});

test("bad requests get a clear 400 or 404, never a stack", async ({ request }) => {
  const bad = await request.get(
    `/api/v1/public/pages/${published.slug}/slots?start=2026-01-01&end=2026-12-31&timeZone=UTC`,
  );
  expect(bad.status()).toBe(400);
  expect(((await bad.json()) as { message: string }).message).toContain("62 days");
  expect(
    (
      await request.get("/api/v1/public/pages/no-such-page/slots?start=2026-01-01&end=2026-01-02&timeZone=UTC")
    ).status(),
  ).toBe(404);
  const honeypot = await request.post(`/api/v1/public/pages/${published.slug}/bookings`, {
    headers: fromNewAddress(),
    data: {
      start: new Date().toISOString(),
      name: "Bot",
      email: "bot@example.com",
      timeZone: "UTC",
      challenge: "x",
      nonce: "1",
      website: "http://spam",
    },
  });
  expect(honeypot.status()).toBe(400);
  const unsolved = await request.post(`/api/v1/public/pages/${published.slug}/bookings`, {
    headers: fromNewAddress(),
    data: {
      start: new Date().toISOString(),
      name: "Bot",
      email: "bot@example.com",
      timeZone: "UTC",
      challenge: "a.b.c.d",
      nonce: "1",
      website: "",
    },
  });
  expect(await unsolved.json()).toMatchObject({ error: "challenge_invalid" });
});
