import "server-only";
import { and, count, eq, gt, inArray, ne, sql } from "drizzle-orm";
import { recordAuditEvent } from "@/lib/audit/record";
import { verifyPassword } from "@/lib/auth/password";
import { consumeRateLimit, describeRetryAfter, RateLimitedError, resetRateLimit } from "@/lib/auth/rate-limit";
import type { CurrentUser } from "@/lib/auth/session";
import { disconnectConnection } from "@/lib/calendars/connections";
import type { CredentialKeyRing } from "@/lib/crypto/key-ring";
import { db, type Transaction } from "@/lib/db";
import {
  bookingPageHosts,
  bookingPages,
  bookings,
  exchangeConnections,
  invites,
  organisations,
  users,
} from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import type { ExchangeOutboundConfig } from "@/lib/exchange";
import { cancelAndMailNow, type DeletionMail, deletionMailFromEnv } from "./cancel-and-mail";
import { deleteRateLimitsOf, scrubAuditLabels } from "./scrub";

export const LAST_OWNER_MESSAGE =
  "You are the organisation's last owner. Make another member an owner first, or delete the organisation.";

async function assertNotLastOwner(tx: Transaction | ReturnType<typeof db>, actor: CurrentUser) {
  const [me] = await tx.select({ role: users.role }).from(users).where(eq(users.id, actor.userId));
  if (me?.role !== "owner") return;
  const [row] = await tx
    .select({ owners: count() })
    .from(users)
    .where(and(eq(users.organisationId, actor.organisationId), eq(users.role, "owner"), ne(users.id, actor.userId)));
  if (!row || row.owners === 0) throw new AppError("last_owner", LAST_OWNER_MESSAGE);
}

async function checkPassword(actor: CurrentUser, password: string) {
  try {
    await consumeRateLimit({ policy: "passwordChangeByAccount", key: actor.email });
  } catch (error) {
    if (error instanceof RateLimitedError) {
      throw new AppError(
        "rate_limited",
        `Too many attempts. Try again in ${describeRetryAfter(error.retryAfterSeconds)}.`,
      );
    }
    throw error;
  }
  const [row] = await db().select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, actor.userId));
  if (!(await verifyPassword({ hash: row?.passwordHash, password }))) {
    throw new AppError("invalid_input", "Your password is not correct.");
  }
  await resetRateLimit({ policy: "passwordChangeByAccount", key: actor.email });
}

/** Pages on which the member is the one host: they go with the member (unpublished by being removed). */
async function soleHostPages(actor: CurrentUser): Promise<string[]> {
  const rows = await db()
    .select({ pageId: bookingPageHosts.pageId })
    .from(bookingPageHosts)
    .innerJoin(bookingPages, eq(bookingPages.id, bookingPageHosts.pageId))
    .where(eq(bookingPages.organisationId, actor.organisationId))
    .groupBy(bookingPageHosts.pageId)
    .having(sql`count(*) = 1 and bool_and(${bookingPageHosts.userId} = ${actor.userId})`);
  return rows.map((row) => row.pageId);
}

export interface AccountDeletionCounts {
  connections: number;
  pages: number;
  cancelled: number;
  mailed: number;
  mailFailed: number;
}

/**
 * A member deletes their own account, after typing their password again. In order, while what each step
 * needs still exists: their coming bookings are cancelled (Exchange item per the page's setting) and the
 * customers mailed; their connections are disconnected (sealed credentials deleted, as Disconnect does);
 * the pages only they host are removed; then, in one transaction, the users row (name, address, password
 * hash) and with it their sessions, tokens, group memberships and host settings. Bookings they hosted stay as
 * the organisation's records with no host ("former member"). The last owner is refused.
 */
export async function deleteOwnAccount(input: {
  actor: CurrentUser;
  password: string;
  now?: Date;
  mail?: DeletionMail;
  config?: ExchangeOutboundConfig;
  keys?: CredentialKeyRing;
}): Promise<AccountDeletionCounts> {
  const { actor } = input;
  const now = input.now ?? new Date();
  await checkPassword(actor, input.password);
  await assertNotLastOwner(db(), actor);

  const coming = await db()
    .select({ id: bookings.id })
    .from(bookings)
    .where(
      and(
        eq(bookings.organisationId, actor.organisationId),
        eq(bookings.organiserUserId, actor.userId),
        ne(bookings.status, "cancelled"),
        gt(bookings.startsAt, now),
      ),
    );
  const cancelled = await cancelAndMailNow({
    bookingIds: coming.map((row) => row.id),
    reason: { en: "Your host is no longer available.", de: "Ihre Ansprechperson ist nicht mehr verfügbar." },
    mail: input.mail ?? deletionMailFromEnv(),
    now,
    ...(input.config ? { config: input.config } : {}),
    ...(input.keys ? { keys: input.keys } : {}),
  });

  const connections = await db()
    .select({ id: exchangeConnections.id, mailbox: exchangeConnections.mailboxEmail })
    .from(exchangeConnections)
    .where(
      and(
        eq(exchangeConnections.organisationId, actor.organisationId),
        eq(exchangeConnections.ownerUserId, actor.userId),
      ),
    );
  for (const connection of connections) await disconnectConnection({ actor, connectionId: connection.id });
  const pages = await soleHostPages(actor);
  const addresses = [actor.email, ...connections.map((connection) => connection.mailbox)];

  await db().transaction(async (tx) => {
    // As removeMember does: concurrent role changes and deletions in one organisation run one after another.
    await tx
      .select({ id: organisations.id })
      .from(organisations)
      .where(eq(organisations.id, actor.organisationId))
      .for("update");
    await assertNotLastOwner(tx, actor);
    if (pages.length > 0) await tx.delete(bookingPages).where(inArray(bookingPages.id, pages));
    // The kept bookings name no mailbox of theirs: the item went with the calendar's connection.
    await tx
      .update(bookings)
      .set({ exchangeMailbox: null, exchangeItemId: null, calendarPendingChange: null })
      .where(and(eq(bookings.organisationId, actor.organisationId), eq(bookings.organiserUserId, actor.userId)));
    await tx
      .delete(invites)
      .where(and(eq(invites.organisationId, actor.organisationId), sql`lower(${invites.email}) = ${actor.email}`));
    await tx.delete(invites).where(and(eq(invites.invitedById, actor.userId), sql`${invites.acceptedAt} is null`));
    await scrubAuditLabels({
      tx,
      organisationId: actor.organisationId,
      userId: actor.userId,
      addresses,
      name: actor.name,
    });
    await deleteRateLimitsOf({ tx, addresses: [actor.email] });
    // Sessions, account tokens, group memberships, host rows and holds go with the row (ON DELETE CASCADE);
    // bookings, pages, connectors and audit lines they made keep no link (ON DELETE SET NULL).
    await tx.delete(users).where(eq(users.id, actor.userId));
    await recordAuditEvent({
      tx,
      organisationId: actor.organisationId,
      actorUserId: null,
      action: "account.deleted",
      detail: {
        connections: connections.length,
        pages: pages.length,
        cancelledBookings: cancelled.cancelled,
        customersMailed: cancelled.mailed,
      },
    });
  });
  return { connections: connections.length, pages: pages.length, ...cancelled };
}
