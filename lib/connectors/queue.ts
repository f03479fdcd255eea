import "server-only";
import { and, asc, eq, gt, isNull, lt, notInArray, or, sql } from "drizzle-orm";
import { db } from "@/lib/db";
import { connectorRequests } from "@/lib/db/schema";
import type { RelayRequest } from "./protocol";
import { REDELIVER_AFTER_MS } from "./timing";

export type { RelayRequest } from "./protocol";

const AT_MOST_PER_POLL = 20;

function toRelayRequest(row: typeof connectorRequests.$inferSelect): RelayRequest {
  return {
    id: row.id,
    mailbox: row.mailbox,
    soapAction: row.soapAction,
    body: row.body,
    deadline: row.deadlineAt.toISOString(),
  };
}

/** Queues one EWS request for a connector; requests long past their deadline are cleared on the way. */
export async function enqueueRelayRequest(input: {
  id: string;
  connectorId: string;
  mailbox: string;
  soapAction: string;
  body: string;
  deadline: Date;
}): Promise<void> {
  // One round trip on the relay's path: the sweep rides along with the insert.
  await db().execute(sql`
    with swept as (
      delete from ${connectorRequests} where ${connectorRequests.deadlineAt} < now() - interval '1 minute'
    )
    insert into ${connectorRequests} (id, connector_id, mailbox, soap_action, body, deadline_at)
    values (${input.id}, ${input.connectorId}, ${input.mailbox}, ${input.soapAction}, ${input.body}, ${input.deadline.toISOString()})`);
}

/** Never handed out, or handed out so long ago without an answer that the delivery was probably lost. */
const claimable = () =>
  or(
    isNull(connectorRequests.claimedAt),
    lt(connectorRequests.claimedAt, sql`now() - make_interval(secs => ${REDELIVER_AFTER_MS / 1000})`),
  );

/** Hands out one request (for the channel that was told about it), unless another delivery has it. */
export async function claimRelayRequest(input: { id: string; connectorId: string }): Promise<RelayRequest | null> {
  const [row] = await db()
    .update(connectorRequests)
    .set({ claimedAt: sql`now()` })
    .where(
      and(
        eq(connectorRequests.id, input.id),
        eq(connectorRequests.connectorId, input.connectorId),
        gt(connectorRequests.deadlineAt, sql`now()`),
        claimable(),
      ),
    )
    .returning();
  return row ? toRelayRequest(row) : null;
}

/**
 * Hands out the connector's waiting requests, oldest first: to a poll, a channel that just opened, or a
 * channel's heartbeat. `except`: ids this channel handed out already; if they are still unanswered the
 * channel is probably dead (a proxy may hold its connection open after the connector went away), so they
 * are left for a poll or another channel.
 */
export async function claimPendingRelayRequests(
  connectorId: string,
  except: readonly string[] = [],
): Promise<RelayRequest[]> {
  const rows = await db()
    .update(connectorRequests)
    .set({ claimedAt: sql`now()` })
    .where(
      sql`${connectorRequests.id} in (${db()
        .select({ id: connectorRequests.id })
        .from(connectorRequests)
        .where(
          and(
            eq(connectorRequests.connectorId, connectorId),
            gt(connectorRequests.deadlineAt, sql`now()`),
            claimable(),
            except.length > 0 ? notInArray(connectorRequests.id, [...except]) : undefined,
          ),
        )
        .orderBy(asc(connectorRequests.createdAt))
        .limit(AT_MOST_PER_POLL)
        .for("update", { skipLocked: true })})`,
    )
    .returning();
  return rows.map(toRelayRequest).sort((a, b) => a.id.localeCompare(b.id));
}

/**
 * Takes a request out of the queue for its answer: true for the first answer from its own connector,
 * false for an unknown, foreign, expired or already answered one.
 */
export async function takeAnsweredRequest(input: { id: string; connectorId: string }): Promise<boolean> {
  const rows = await db()
    .delete(connectorRequests)
    .where(
      and(
        eq(connectorRequests.id, input.id),
        eq(connectorRequests.connectorId, input.connectorId),
        gt(connectorRequests.deadlineAt, sql`now()`),
      ),
    )
    .returning({ id: connectorRequests.id });
  return rows.length === 1;
}

/** Drops a request whose caller stopped waiting. */
export async function dropRelayRequest(id: string): Promise<void> {
  await db().delete(connectorRequests).where(eq(connectorRequests.id, id));
}
