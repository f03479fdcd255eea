import "server-only";
import { sql } from "drizzle-orm";
import type { Transaction } from "@/lib/db";
import { FORMER_MEMBER } from "./labels";

/**
 * Audit lines keep their action, time and counts, but a label that was the deleted member's address, a
 * mailbox of theirs or their name becomes "former member", and lines about them (a sign-in, a role
 * change) no longer name their account's id: the trail must not keep what the deletion erased.
 */
export async function scrubAuditLabels(input: {
  tx: Transaction;
  organisationId: string;
  userId: string;
  addresses: string[];
  name: string;
}) {
  await input.tx.execute(
    sql`update audit_events set target_id = null where organisation_id = ${input.organisationId} and target_id = ${input.userId}`,
  );
  const addresses = input.addresses.map((address) => address.toLowerCase());
  const matches = sql`jsonb_typeof(e.value) = 'string' and (lower(e.value #>> '{}') = any(${sql.raw("array[")}${sql.join(
    addresses.map((address) => sql`${address}`),
    sql`, `,
  )}${sql.raw("]::text[]")}) or e.value #>> '{}' = ${input.name})`;
  await input.tx.execute(sql`
    update audit_events a
       set detail = (
         select coalesce(jsonb_object_agg(e.key, case when ${matches} then to_jsonb(${FORMER_MEMBER}::text) else e.value end), '{}'::jsonb)
           from jsonb_each(a.detail) e)
     where a.organisation_id = ${input.organisationId}
       and exists (select 1 from jsonb_each(a.detail) e where ${matches})`);
}

/** Rate-limit counters are keyed by address ("signInByAccount:ann@example.com"); the deleted addresses' go. */
export async function deleteRateLimitsOf(input: { tx: Transaction; addresses: string[] }) {
  for (const address of input.addresses) {
    await input.tx.execute(sql`delete from rate_limits where position(${address.toLowerCase()} in lower(key)) > 0`);
  }
}
