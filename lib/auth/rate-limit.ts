import "server-only";
import { RateLimiterDrizzle, RateLimiterRes } from "rate-limiter-flexible";
import { db } from "@/lib/db";
import { rateLimits } from "@/lib/db/schema";

const POLICIES = {
  /** Every sign-in attempt from one address. */
  signInByIp: { points: 30, duration: 15 * 60 },
  /** Sign-in attempts for one email address, registered or not; a success resets it. */
  signInByAccount: { points: 5, duration: 15 * 60 },
  /** Organisations created from one address. */
  signUpByIp: { points: 10, duration: 60 * 60 },
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

// Counters live in Postgres (table rate_limits) so every app instance shares them.
const limiters = new Map<RateLimitPolicy, RateLimiterDrizzle>();

function limiter(policy: RateLimitPolicy): RateLimiterDrizzle {
  let found = limiters.get(policy);
  if (!found) {
    found = new RateLimiterDrizzle({
      storeClient: db(),
      schema: rateLimits,
      keyPrefix: policy,
      ...POLICIES[policy],
    });
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

/** "15 minutes", "1 minute": for the message a limited user reads. */
export function describeRetryAfter(seconds: number): string {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return minutes === 1 ? "1 minute" : `${minutes} minutes`;
}
