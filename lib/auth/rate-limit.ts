import "server-only";
import { sql } from "drizzle-orm";
import { RateLimiterDrizzle, RateLimiterRes } from "rate-limiter-flexible";
import { type Database, db } from "@/lib/db";
import { rateLimits } from "@/lib/db/schema";

const POLICIES = {
  /** Every sign-in attempt from one address. */
  signInByIp: { points: 30, duration: 15 * 60 },
  /**
   * Sign-in attempts for one email address (registered or not) from one client address; a success resets
   * it. Someone guessing elsewhere does not lock the owner out of their own network.
   */
  signInByAccountAndIp: { points: 5, duration: 15 * 60 },
  /**
   * Failed sign-ins for one email address from anywhere: the ceiling for guesses spread over many
   * addresses. A success gives its attempt back.
   */
  signInByAccount: { points: 50, duration: 15 * 60 },
  /** Current-password checks when changing it: a hijacked session cannot guess its way to a new password. */
  passwordChangeByAccount: { points: 5, duration: 15 * 60 },
  /**
   * Password-reset mails asked for one email address (registered or not, so the limit says nothing about
   * which exist): a mailbox is not flooded.
   */
  passwordResetByAccount: { points: 5, duration: 60 * 60 },
  /** Password-reset requests from one client address, whatever the email address. */
  passwordResetByIp: { points: 20, duration: 60 * 60 },
  /** Organisations created from one address. */
  signUpByIp: { points: 10, duration: 60 * 60 },
  /** Verification mails asked for again, per address asked about (registered or not): no mail bombing. */
  verificationMailByAccount: { points: 3, duration: 60 * 60 },
  /** Verification mails asked for again from one client address, whatever the addresses. */
  verificationMailByIp: { points: 10, duration: 60 * 60 },
  /** Public slot lookups from one address: generous for people, a wall for scrapers. */
  publicSlotsByIp: { points: 120, duration: 60 },
  /** Public booking attempts from one address. */
  publicBookingByIp: { points: 20, duration: 10 * 60 },
  /** Connector pairing attempts from one address: a 50-bit code cannot be guessed at this rate. */
  connectorPairingByIp: { points: 10, duration: 10 * 60 },
  /** A proof-of-work challenge is accepted once: its id is spent on first use and forgotten after expiry. */
  challengeUse: { points: 1, duration: 10 * 60 },
} as const;

export type RateLimitPolicy = keyof typeof POLICIES;

export class RateLimitedError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super("rate limited");
    this.name = "RateLimitedError";
  }
}

/**
 * The library's counting statement, prepared once: RateLimiterDrizzle builds this same upsert through
 * drizzle on every call, which cost more CPU than Postgres took to run it, on every public request. The
 * same SQL: a window that has expired starts again at `points`, else `points` is added.
 */
function prepareCount(database: Database) {
  const points = sql.placeholder("points");
  const expire = sql`${sql.placeholder("expire")}::timestamptz`;
  const expired = sql`${rateLimits.expire} <= ${sql.placeholder("now")}::timestamptz`;
  return database
    .insert(rateLimits)
    .values({ key: sql.placeholder("key"), points: sql`${points}::int`, expire })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        points: sql`case when ${expired} then ${points}::int else ${rateLimits.points} + ${points}::int end`,
        expire: sql`case when ${expired} then ${expire} else ${rateLimits.expire} end`,
      },
    })
    .returning({ points: rateLimits.points, expire: rateLimits.expire })
    .prepare("rate_limit_count");
}

type Upsert = (key: string, points: number, msDuration: number, forceExpire?: boolean) => Promise<unknown>;

/**
 * RateLimiterDrizzle counting through the prepared statement. `_upsert` is the store's one write (consume
 * and penalty go through it); forced expiries (set, block), which Slotbridge does not use, stay the
 * library's. The "counts … exactly" tests in auth.db.test.ts hold this to the library's behaviour.
 */
class PreparedRateLimiter extends RateLimiterDrizzle {
  private readonly count: ReturnType<typeof prepareCount>;

  constructor(input: { database: Database; policy: RateLimitPolicy }) {
    super({ storeClient: input.database, schema: rateLimits, keyPrefix: input.policy, ...POLICIES[input.policy] });
    this.count = prepareCount(input.database);
  }

  async _upsert(key: string, points: number, msDuration: number, forceExpire = false): Promise<unknown> {
    if (forceExpire || msDuration <= 0) {
      const libraryUpsert = (RateLimiterDrizzle.prototype as unknown as { _upsert: Upsert })._upsert;
      return libraryUpsert.call(this, key, points, msDuration, forceExpire);
    }
    const now = Date.now();
    const [row] = await this.count.execute({
      key,
      points,
      now: new Date(now).toISOString(),
      expire: new Date(now + msDuration).toISOString(),
    });
    return row;
  }
}

// Counters live in Postgres (table rate_limits) so every app instance shares them.
const limiters = new Map<RateLimitPolicy, RateLimiterDrizzle>();

function limiter(policy: RateLimitPolicy): RateLimiterDrizzle {
  let found = limiters.get(policy);
  if (!found) {
    found = new PreparedRateLimiter({ database: db(), policy });
    limiters.set(policy, found);
  }
  return found;
}

/** Counts one attempt; throws RateLimitedError once the policy's budget is spent. */
export async function consumeRateLimit({ policy, key }: { policy: RateLimitPolicy; key: string }) {
  try {
    await limiter(policy).consume(key);
  } catch (error) {
    if (error instanceof RateLimiterRes) throw new RateLimitedError(Math.ceil(error.msBeforeNext / 1000));
    throw error;
  }
}

export async function resetRateLimit({ policy, key }: { policy: RateLimitPolicy; key: string }) {
  await limiter(policy).delete(key);
}

/** Gives back one counted attempt (one that turned out not to count, such as a successful sign-in). */
export async function refundRateLimit({ policy, key }: { policy: RateLimitPolicy; key: string }) {
  const current = await limiter(policy).get(key);
  // A window that has ended holds nothing to give back (and must not start a new one below zero).
  if (current && current.consumedPoints > 0) await limiter(policy).reward(key, 1);
}

/** "15 minutes", "1 minute": for the message a limited user reads. */
export function describeRetryAfter(seconds: number): string {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return minutes === 1 ? "1 minute" : `${minutes} minutes`;
}
