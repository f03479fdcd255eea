import "server-only";
import { isDeadlock } from "@/lib/db/errors";

const ATTEMPTS = 5;

/**
 * Runs a transaction that writes booking holds, again when Postgres aborted it as a deadlock. Two
 * transactions writing overlapping holds at the same moment can each wait in the exclusion index for the
 * other to finish; Postgres breaks that by aborting one with 40P01 rather than an exclusion violation. Run
 * again, the loser meets the winner's committed hold as a plain conflict (or, if the winner rolled back,
 * takes the time). The exclusion constraint stays the only judge.
 */
export async function withHoldRetry<T>(transaction: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await transaction();
    } catch (error) {
      if (!isDeadlock(error) || attempt >= ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * attempt));
    }
  }
}
