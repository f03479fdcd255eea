import "server-only";
import { consumeRateLimit, refundRateLimit, resetRateLimit } from "./rate-limit";

/** The (account, client address) counter's key: the account's address, then the client's. */
const accountFrom = (input: { email: string; client: string }) => `${input.email}|${input.client}`;

/**
 * Counts a sign-in attempt against its three limits before the password is checked, so concurrent guesses
 * cannot slip through: the client address (any account), the account from that address (the lock-out a
 * guesser meets), and the account from anywhere (a higher ceiling for guesses spread over many addresses).
 * Throws RateLimitedError at the first limit spent; the counters after it are then left alone.
 */
export async function countSignInAttempt(input: { email: string; client: string }): Promise<void> {
  await consumeRateLimit({ policy: "signInByIp", key: input.client });
  await consumeRateLimit({ policy: "signInByAccountAndIp", key: accountFrom(input) });
  await consumeRateLimit({ policy: "signInByAccount", key: input.email });
}

/** A right password: its address starts afresh for the account, and the attempt leaves the ceiling. */
export async function signInSucceeded(input: { email: string; client: string }): Promise<void> {
  await resetRateLimit({ policy: "signInByAccountAndIp", key: accountFrom(input) });
  await refundRateLimit({ policy: "signInByAccount", key: input.email });
}
