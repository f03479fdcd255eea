import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, vi } from "vitest";
import { setUpTestSimulator } from "@/ews-simulator/testing/test-simulator";
import type { CurrentUser } from "@/lib/auth/session";
import { issueChallenge, solveProofOfWork } from "@/lib/bookings/proof-of-work";
import { insertBookingPage, reserveTestBooking, setUpBookingOrganisation } from "@/lib/bookings/test-helpers";
import { SIMULATOR_ALLOWED_HOSTS, simulatorConfig } from "@/lib/calendars/test-helpers";
import { credentialKeysFromEnv } from "@/lib/crypto/keys-from-env";
import { createToken, hashToken } from "@/lib/crypto/tokens";
import { db } from "@/lib/db";
import { bookings } from "@/lib/db/schema";
import { createTestDatabase } from "@/lib/db/testing";
import { env } from "@/lib/env";
import { CLIENT_ADDRESS_HEADER } from "@/lib/net/client-address";
import { DAY_MS } from "@/lib/scheduling/zone-clock";
import { POST as cancel } from "./manage/[token]/cancel/route";
import { POST as reschedule } from "./manage/[token]/reschedule/route";
import { POST as book } from "./pages/[slug]/bookings/route";
import { GET as challenge } from "./pages/[slug]/challenge/route";
import { GET as slots } from "./pages/[slug]/slots/route";

// The public API's real route handlers, called with real Requests: a fresh database, the simulator as
// Exchange, and the environment the handlers read (their Exchange policy, keys and secrets) set here.

const ENVIRONMENT = {
  AUTH_SECRET: randomBytes(33).toString("base64"),
  APP_URL: "https://slotbridge.test",
  CREDENTIALS_KEY: randomBytes(32).toString("base64"),
  EXCHANGE_ALLOWED_HOSTS: SIMULATOR_ALLOWED_HOSTS,
};

export interface PublicApiWorld {
  simulator: ReturnType<typeof setUpTestSimulator>;
  owner: CurrentUser;
  alice: CurrentUser;
  /** A published single-host page (Alice, office hours in London, 4 hours' notice, 14 days ahead). */
  slug: string;
  page: { id: string; title: string; organisationId: string };
}

/** The world for one test file: call at its top level. Fields are filled in before its tests run. */
export function setUpPublicApi(options: { clearLogEach?: boolean; resetEach?: boolean } = {}): PublicApiWorld {
  const simulator = setUpTestSimulator({
    clearLogEach: options.clearLogEach ?? false,
    resetEach: options.resetEach ?? true,
  });
  const world = { simulator } as PublicApiWorld;
  let database: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
  beforeAll(async () => {
    for (const [name, value] of Object.entries(ENVIRONMENT)) vi.stubEnv(name, value);
    database = await createTestDatabase();
    const { owner, alice } = await setUpBookingOrganisation({
      simulator,
      config: simulatorConfig(),
      keys: credentialKeysFromEnv(),
    });
    const page = await insertBookingPage({
      owner,
      hosts: [{ user: alice, timeZone: "Europe/London" }],
      page: {
        minimumNoticeMinutes: 240,
        horizonDays: 14,
        questions: [{ id: "topic", label: "Topic", required: false }],
      },
    });
    Object.assign(world, { owner, alice, slug: page.slug, page });
  });
  afterAll(async () => {
    await database?.drop();
    vi.unstubAllEnvs();
  });
  return world;
}

let caller = 0;

/** Each request from an address of its own: the per-address rate limits are tested elsewhere. */
function request(input: { path: string; method?: string; body?: string }): Request {
  caller += 1;
  return new Request(`https://slotbridge.test${input.path}`, {
    method: input.method ?? "GET",
    headers: {
      // As Slotbridge's server stamps it on every request (server.ts).
      [CLIENT_ADDRESS_HEADER]: `10.${(caller >> 16) & 255}.${(caller >> 8) & 255}.${caller & 255}`,
      ...(input.body === undefined ? {} : { "Content-Type": "application/json" }),
    },
    body: input.body,
  });
}

const bodyText = (body: unknown) => (typeof body === "string" ? body : JSON.stringify(body));

/** A slug or token as a browser would put it in the path (the handlers get it decoded, in `params`). */
const segment = (text: string) => encodeURIComponent(text.toWellFormed());

/** The public API as a customer's browser reaches it; `body` is sent as is when it is a string. */
export const publicApi = {
  /** `query`: the raw query string, e.g. "start=2030-01-07&end=2030-01-08&timeZone=UTC". */
  slots: (input: { slug: string; query: string }) =>
    slots(request({ path: `/api/v1/public/pages/${segment(input.slug)}/slots?${input.query}` }), {
      params: Promise.resolve({ slug: input.slug }),
    }),
  challenge: (input: { slug: string }) =>
    challenge(request({ path: `/api/v1/public/pages/${segment(input.slug)}/challenge` }), {
      params: Promise.resolve({ slug: input.slug }),
    }),
  book: (input: { slug: string; body: unknown }) =>
    book(
      request({
        path: `/api/v1/public/pages/${segment(input.slug)}/bookings`,
        method: "POST",
        body: bodyText(input.body),
      }),
      {
        params: Promise.resolve({ slug: input.slug }),
      },
    ),
  reschedule: (input: { token: string; body: unknown }) =>
    reschedule(
      request({
        path: `/api/v1/public/manage/${segment(input.token)}/reschedule`,
        method: "POST",
        body: bodyText(input.body),
      }),
      { params: Promise.resolve({ token: input.token }) },
    ),
  cancel: (input: { token: string; body: unknown }) =>
    cancel(
      request({
        path: `/api/v1/public/manage/${segment(input.token)}/cancel`,
        method: "POST",
        body: bodyText(input.body),
      }),
      { params: Promise.resolve({ token: input.token }) },
    ),
};

/** A solved proof of work for `slug`, as the booking page's worker would send it. */
export function solvedChallenge(slug: string): { challenge: string; nonce: string } {
  const issued = issueChallenge({ slug, secret: env().AUTH_SECRET, now: Date.now() });
  return { challenge: issued.challenge, nonce: solveProofOfWork(issued) };
}

/** A complete booking request for `start`, checks solved; `fields` replace any of its fields. */
export function bookingBody(input: { slug: string; start: string; fields?: Record<string, unknown> }) {
  return {
    start: input.start,
    name: "Cara Customer",
    email: "cara@example.com",
    timeZone: "Europe/Berlin",
    website: "",
    ...solvedChallenge(input.slug),
    ...input.fields,
  };
}

/**
 * A booking of Alice's on the page at `start`, reserved straight in the database (no Exchange item): its
 * manage token, for tests that need many live links cheaply.
 */
export async function reserveWithManageToken(input: { world: PublicApiWorld; start: Date }): Promise<string> {
  const token = createToken();
  const { bookingId } = await reserveTestBooking({
    page: input.world.page,
    hosts: [input.world.alice],
    start: input.start,
  });
  await db()
    .update(bookings)
    .set({ manageTokenHash: hashToken(token) })
    .where(eq(bookings.id, bookingId));
  return token;
}

/** The local dates (YYYY-MM-DD, UTC) from `fromDays` to `toDays` days from now, as a slots query. */
export function slotsQuery(input: { fromDays: number; toDays: number; timeZone?: string }): string {
  const date = (days: number) => new Date(Date.now() + days * DAY_MS).toISOString().slice(0, 10);
  return `start=${date(input.fromDays)}&end=${date(input.toDays)}&timeZone=${encodeURIComponent(input.timeZone ?? "UTC")}`;
}

/** The starts of the slots `slug` offers over the next 14 days, as the API answers them. */
export async function offeredSlots(input: { slug: string }): Promise<string[]> {
  const response = await publicApi.slots({ slug: input.slug, query: slotsQuery({ fromDays: 0, toDays: 14 }) });
  const { slots } = (await response.json()) as { slots: { start: string }[] };
  return slots.map((slot) => slot.start);
}

/** Books `start` through the API; the booking's manage token. */
export async function bookSlot(input: { slug: string; start: string }): Promise<{ token: string }> {
  const response = await publicApi.book({ slug: input.slug, body: bookingBody(input) });
  if (response.status !== 201) throw new Error(`booking failed: ${response.status} ${await response.text()}`);
  const { manageUrl } = (await response.json()) as { manageUrl: string };
  const token = manageUrl.split("/").at(-1);
  if (!token) throw new Error("no manage token");
  return { token };
}
