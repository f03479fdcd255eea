import "server-only";
import { and, eq, ne } from "drizzle-orm";
import { recordAuditEvent } from "@/lib/audit/record";
import { db, type Transaction } from "@/lib/db";
import { sessions, users } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { hashPassword, verifyPassword } from "./password";
import { consumeRateLimit, describeRetryAfter, RateLimitedError, resetRateLimit } from "./rate-limit";
import type { CurrentUser } from "./session";

/** Changes the password and signs the user out on every other device. */
export async function changePassword({
  user,
  currentPassword,
  newPassword,
}: {
  user: CurrentUser;
  currentPassword: string;
  newPassword: string;
}) {
  // Guessing the current password from a hijacked session meets a budget of its own.
  try {
    await consumeRateLimit({ policy: "passwordChangeByAccount", key: user.email });
  } catch (error) {
    if (error instanceof RateLimitedError) {
      throw new AppError(
        "rate_limited",
        `Too many attempts. Try again in ${describeRetryAfter(error.retryAfterSeconds)}.`,
      );
    }
    throw error;
  }
  const [row] = await db().select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, user.userId));
  if (!(await verifyPassword({ hash: row?.passwordHash, password: currentPassword }))) {
    await recordPasswordChange({ user, outcome: "wrong-current-password" });
    throw new AppError("invalid_input", "Your current password is not correct.");
  }
  await resetRateLimit({ policy: "passwordChangeByAccount", key: user.email });
  const passwordHash = await hashPassword(newPassword);
  await db().transaction(async (tx) => {
    await tx.update(users).set({ passwordHash }).where(eq(users.id, user.userId));
    await tx.delete(sessions).where(and(eq(sessions.userId, user.userId), ne(sessions.id, user.sessionId)));
    await recordPasswordChange({ user, outcome: "ok", tx });
  });
}

function recordPasswordChange(input: { user: CurrentUser; outcome: string; tx?: Transaction }) {
  return recordAuditEvent({
    ...(input.tx ? { tx: input.tx } : {}),
    organisationId: input.user.organisationId,
    actorUserId: input.user.userId,
    action: "account.password-changed",
    targetId: input.user.userId,
    outcome: input.outcome,
  });
}
