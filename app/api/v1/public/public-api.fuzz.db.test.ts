import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import {
  bookSlot,
  offeredSlots,
  publicApi,
  reserveWithManageToken,
  setUpPublicApi,
  solvedChallenge,
} from "./test-helpers";

// Whatever is thrown at the public API (any text, any Unicode, huge numbers, malformed JSON, odd dates),
// it answers below 500, and an error answer carries a message. Real handlers, a real seeded page, the
// simulator as Exchange; each property runs long enough to reach past the parsing into the database and
// Exchange for the inputs that get that far, and short enough for a test run.

// The simulator keeps what the properties book and move: each property runs on what the others left.
const world = setUpPublicApi({ resetEach: false });

/**
 * Made in beforeAll: a booking to reschedule (booked through the API, so it has its Exchange item), and a
 * pool of bookings to cancel (a cancelled link answers 410 from then on, before reading any reason).
 */
const tokens = { reschedule: "", cancel: [] as string[] };
let slots: string[] = [];

beforeAll(async () => {
  slots = await offeredSlots({ slug: world.slug });
  const last = slots.at(-1);
  if (!last) throw new Error("the page offers no slot");
  tokens.reschedule = (await bookSlot({ slug: world.slug, start: last })).token;
  slots = slots.slice(0, -1);
  for (let hour = 0; hour < 20; hour++) {
    tokens.cancel.push(await reserveWithManageToken({ world, start: new Date(Date.UTC(2031, 0, 6, hour)) }));
  }
});

const NASTY = [
  "\u0000",
  "\u0007",
  "\u001b",
  "\u007f",
  "\u0085",
  "\u202e",
  "\u2066",
  "\u2028",
  "\ud800",
  "\udfff",
  "\ufeff",
  "%",
  "_",
  "\\",
  "'",
  '"',
  "\n",
  "\r",
  "\t",
  "😀",
  "ش",
  "e\u0301",
];

const oddText = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: "binary", maxLength: 30 }),
  fc.string({ unit: fc.constantFrom(...NASTY), maxLength: 8 }),
  fc.constantFrom("", " ", "null", "NaN", "__proto__", "constructor", "'; drop table bookings; --", "x".repeat(5_000)),
);

/** Short text dense with the characters that break things: NUL and other controls, bidi, broken halves. */
const nastyText = fc
  .array(fc.oneof(fc.constant("\u0000"), fc.constantFrom(...NASTY), fc.string({ unit: "grapheme", maxLength: 4 })), {
    minLength: 1,
    maxLength: 6,
  })
  .map((parts) => parts.join(""));

/** What a person might type, or something nasty in its place. */
const typedText = fc.oneof(fc.string({ unit: "grapheme", minLength: 1, maxLength: 30 }), nastyText);

const oddNumber = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.constantFrom(1e308, -1e308, Number.MAX_SAFE_INTEGER, 8.64e15, -8.64e15, 0),
);

const now = Date.now();
const oddDate = fc.oneof(
  // Around now, where a request can get as far as Exchange.
  fc.integer({ min: now - 40 * 86_400_000, max: now + 40 * 86_400_000 }).map((ms) => new Date(ms).toISOString()),
  fc
    .integer({ min: now - 40 * 86_400_000, max: now + 40 * 86_400_000 })
    .map((ms) => new Date(ms).toISOString().slice(0, 10)),
  // Anywhere JavaScript can write, years ±275760 included.
  fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
  fc.date({ noInvalidDate: true }).map((date) => date.toISOString().slice(0, 10)),
  fc.constantFrom(
    "9999-12-30",
    "9999-12-30T09:00:00Z",
    "0000-01-01",
    "2026-02-30",
    "1990-01-01",
    "2099-12-31",
    "2199-12-31",
    "2200-01-01",
    "-000001-01-01T00:00:00Z",
    "2030-03-04T09:00:00",
    "2030-03-04T24:00:00Z",
    "2030-03-04T09:00:00+99:00",
    "2030-03-04T09:00:00.123456789Z",
  ),
  oddText,
);

const oddValue: fc.Arbitrary<unknown> = fc.oneof(
  oddText,
  oddNumber,
  fc.boolean(),
  fc.constant(null),
  fc.array(oddText, { maxLength: 3 }),
  fc.dictionary(oddText, oddText, { maxKeys: 3 }),
);

const oddZone = fc.oneof(
  fc.constantFrom("UTC", "Europe/London", "Etc/GMT+12", "Pacific/Kiritimati", "Asia/Kathmandu", "Mars/Olympus", "utc"),
  oddText,
);

const malformedJson = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom(
    "",
    "{",
    "[",
    "null",
    "1",
    '"x"',
    "[]",
    '{"start":1e999}',
    '{"name":"\\u0000"}',
    '{"start":"2030-03-04T09:00:00Z","name":"\\ud800"}',
    "\ufeff{}",
    '{"__proto__":{"polluted":true}}',
    `{"notes":"${"a".repeat(100_000)}"}`,
  ),
);

/** A query string from these pairs, plus raw escapes URLSearchParams would never write. */
const oddQuery = fc
  .tuple(
    fc.record({ start: oddDate, end: oddDate, timeZone: oddZone }, { requiredKeys: [] }),
    fc.dictionary(oddText, oddText, { maxKeys: 2 }),
    fc.constantFrom("", "&%00", "&start=%FF", "%", "&timeZone=%E2%80%AE", "&end=%00", "&start=1990-01-01"),
  )
  .map(([fields, extra, raw]) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries({ ...extra, ...fields }))
      params.append(key, String(value).toWellFormed());
    return `${params.toString()}${raw}`;
  });

async function expectHandled(response: Response) {
  expect(response.status).toBeLessThan(500);
  if (response.status >= 400) {
    const body = (await response.json()) as { error?: unknown; message?: unknown };
    expect(typeof body.error).toBe("string");
    expect(typeof body.message).toBe("string");
    expect(String(body.message).length).toBeGreaterThan(0);
  }
}

const ZONES = ["UTC", "Europe/London", "America/New_York", "Asia/Kathmandu", "Pacific/Kiritimati", "Etc/GMT+12"];
const dayFromNow = (days: number) => new Date(now + days * 86_400_000).toISOString().slice(0, 10);

const EPOCH_DAY_OF_YEAR_9999 = Date.UTC(9999, 0, 1) / 86_400_000;
/** A well-formed window of up to 62 days: mostly around now, sometimes anywhere from 1900 to 9999. */
const plausibleQuery = fc
  .tuple(
    fc.oneof(
      { weight: 3, arbitrary: fc.integer({ min: -20, max: 40 }).map(dayFromNow) },
      {
        weight: 1,
        arbitrary: fc
          .integer({ min: -25_000, max: EPOCH_DAY_OF_YEAR_9999 + 300 })
          .map((day) => new Date(day * 86_400_000).toISOString().slice(0, 10)),
      },
      { weight: 1, arbitrary: fc.constantFrom("9999-12-30", "9999-11-20", "1900-01-01", "1969-12-31", "2199-12-31") },
    ),
    fc.integer({ min: 0, max: 61 }),
    fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...ZONES) }, { weight: 1, arbitrary: nastyText }),
  )
  .map(([start, length, zone]) => {
    const end = new Date(Date.parse(`${start}T00:00:00Z`) + length * 86_400_000).toISOString().slice(0, 10);
    return `start=${start}&end=${end}&timeZone=${encodeURIComponent(zone.toWellFormed())}`;
  });

/**
 * A well-formed value with, mostly, one field (sometimes two) replaced by anything: so that as many
 * requests get past the parsing into the database and Exchange as are refused by it.
 */
function withOddFields<T extends Record<string, unknown>>(valid: fc.Arbitrary<T>, odd: fc.Arbitrary<unknown>) {
  return valid.chain((value) => {
    const keys = Object.keys(value);
    const change = fc.tuple(fc.constantFrom(...keys), odd);
    return fc
      .array(
        fc.oneof(
          change,
          fc.constantFrom(...keys).map((key) => [key, undefined] as const),
        ),
        { maxLength: 2 },
      )
      .map((changes) => {
        const result: Record<string, unknown> = { ...value };
        for (const [key, replacement] of changes) {
          if (replacement === undefined) delete result[key];
          else result[key] = replacement;
        }
        return result;
      });
  });
}

const RUNS = { numRuns: 150, endOnFailure: true } as const;

describe("the public API under arbitrary input", () => {
  it("slots: never 5xx", async () => {
    const slug = fc.oneof({ weight: 4, arbitrary: fc.constant(world.slug) }, { weight: 1, arbitrary: oddText });
    await fc.assert(
      fc.asyncProperty(slug, fc.oneof(plausibleQuery, oddQuery), async (page, query) => {
        await expectHandled(await publicApi.slots({ slug: page, query }));
      }),
      RUNS,
    );
  });

  it("challenge: never 5xx", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.constant(world.slug), oddText), async (slug) => {
        await expectHandled(await publicApi.challenge({ slug }));
      }),
      { ...RUNS, numRuns: 50 },
    );
  });

  it("booking: never 5xx", async () => {
    const valid = fc.record({
      start: fc.constantFrom(...slots),
      name: fc.oneof(fc.constant("Cara Customer"), typedText),
      email: fc.oneof(fc.constant("cara@example.com"), fc.emailAddress()),
      timeZone: fc.constantFrom(...ZONES),
      notes: typedText,
      answers: fc.record({ topic: typedText }),
      website: fc.constant(""),
    });
    // Checks solved: these get past the proof of work to the booking itself (and some book their slot).
    const body = fc.oneof(
      { weight: 3, arbitrary: valid.map((fields) => ({ fields, solve: true })) },
      {
        weight: 2,
        arbitrary: withOddFields(valid, fc.oneof(oddDate, oddValue)).map((fields) => ({ fields, solve: true })),
      },
      { weight: 1, arbitrary: fc.dictionary(oddText, oddValue).map((fields) => ({ fields, solve: false })) },
      { weight: 1, arbitrary: malformedJson },
    );
    await fc.assert(
      fc.asyncProperty(body, async (sent) => {
        const checks = typeof sent !== "string" && sent.solve ? solvedChallenge(world.slug) : {};
        const json = typeof sent === "string" ? sent : { ...checks, ...sent.fields };
        await expectHandled(await publicApi.book({ slug: world.slug, body: json }));
      }),
      // Each solved proof of work costs about 0.2 s, as it does in a browser.
      { ...RUNS, numRuns: 60 },
    );
  });

  it("manage links (reschedule, then cancel): never 5xx", async () => {
    const token = (real: string[]) =>
      fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom(...real) },
        { weight: 1, arbitrary: oddText },
        { weight: 1, arbitrary: fc.base64String({ minLength: 44, maxLength: 44 }).map((text) => text.slice(0, 43)) },
      );
    const moves = fc.record({ start: fc.constantFrom(...slots), timeZone: fc.constantFrom(...ZONES) });
    const rescheduleBody = fc.oneof(
      { weight: 3, arbitrary: withOddFields(moves, fc.oneof(oddDate, oddValue)) },
      { weight: 1, arbitrary: malformedJson },
    );
    await fc.assert(
      fc.asyncProperty(token([tokens.reschedule]), rescheduleBody, async (link, body) => {
        await expectHandled(await publicApi.reschedule({ token: link, body }));
      }),
      { ...RUNS, numRuns: 100 },
    );
    const reasons = fc.record({ reason: typedText });
    const cancelBody = fc.oneof(
      { weight: 3, arbitrary: withOddFields(reasons, oddValue) },
      { weight: 1, arbitrary: malformedJson },
    );
    await fc.assert(
      fc.asyncProperty(token(tokens.cancel), cancelBody, async (link, body) => {
        await expectHandled(await publicApi.cancel({ token: link, body }));
      }),
      { ...RUNS, numRuns: 100 },
    );
  });
});
