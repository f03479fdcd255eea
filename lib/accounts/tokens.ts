import "server-only";
import { and, eq, gt, isNotNull, isNull, lt, or } from "drizzle-orm";
import { createToken, hashToken } from "@/lib/crypto/tokens";
import { type Database, db, type Transaction } from "@/lib/db";
import { type AccountTokenPurpose, accountTokens } from "@/lib/db/schema";

/** How long a mailed link works. */
export const ACCOUNT_TOKEN_LIFETIME_MINUTES: Record<AccountTokenPurpose, number> = {
  "password-reset": 60,
  "email-verification": 24 * 60,
};

/**
 * Issues a single-use token for `userId` and returns it (for the mailed link; only its hash is stored).
 * Earlier unused tokens of the same purpose stop working: only the newest link counts.
 */
export async function issueAccountToken(input: {
  userId: string;
  purpose: AccountTokenPurpose;
  tx?: Transaction | Database;
  now?: Date;
}): Promise<string> {
  const now = input.now ?? new Date();
  const token = createToken();
  const run = async (tx: Transaction | Database) => {
    await tx
      .delete(accountTokens)
      .where(and(eq(accountTokens.userId, input.userId), eq(accountTokens.purpose, input.purpose)));
    await tx.insert(accountTokens).values({
      userId: input.userId,
      purpose: input.purpose,
      tokenHash: hashToken(token),
      expiresAt: new Date(now.getTime() + ACCOUNT_TOKEN_LIFETIME_MINUTES[input.purpose] * 60_000),
    });
  };
  if (input.tx) await run(input.tx);
  else await db().transaction(run);
  return token;
}

/**
 * Uses a token: marks it used and returns its user, or undefined when it is unknown, used, expired or for
 * another purpose. Marking and checking are one UPDATE, so two concurrent uses cannot both succeed.
 */
export async function consumeAccountToken(input: {
  token: string;
  purpose: AccountTokenPurpose;
  tx?: Transaction | Database;
  now?: Date;
}): Promise<{ userId: string } | undefined> {
  const now = input.now ?? new Date();
  const [used] = await (input.tx ?? db())
    .update(accountTokens)
    .set({ usedAt: now })
    .where(
      and(
        eq(accountTokens.tokenHash, hashToken(input.token)),
        eq(accountTokens.purpose, input.purpose),
        isNull(accountTokens.usedAt),
        gt(accountTokens.expiresAt, now),
      ),
    )
    .returning({ userId: accountTokens.userId });
  return used;
}

/** Whether a token would be accepted now, without using it (to show the form behind a link). */
export async function isAccountTokenUsable(input: {
  token: string;
  purpose: AccountTokenPurpose;
  now?: Date;
}): Promise<boolean> {
  const now = input.now ?? new Date();
  const [row] = await db()
    .select({ id: accountTokens.id })
    .from(accountTokens)
    .where(
      and(
        eq(accountTokens.tokenHash, hashToken(input.token)),
        eq(accountTokens.purpose, input.purpose),
        isNull(accountTokens.usedAt),
        gt(accountTokens.expiresAt, now),
      ),
    )
    .limit(1);
  return row !== undefined;
}

/** Deletes used and expired tokens (worthless once either): for the daily clean-up. */
export async function deleteSpentAccountTokens(now = new Date()): Promise<number> {
  const deleted = await db()
    .delete(accountTokens)
    .where(or(lt(accountTokens.expiresAt, now), isNotNull(accountTokens.usedAt)))
    .returning({ id: accountTokens.id });
  return deleted.length;
}
