import path from "node:path";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import type { DatabaseHandle } from "./open";

const migrationsFolder = path.join(process.cwd(), "drizzle");
/** Arbitrary constant naming Slotbridge's migration lock among the server's advisory locks. */
const MIGRATION_LOCK_ID = 7_142_035_981;

/**
 * Applies pending migrations. On Postgres several app instances may start at once, so the
 * run holds an advisory lock on a dedicated single connection; the others wait, then find
 * nothing left to do.
 */
export async function migrateDatabase(handle: DatabaseHandle): Promise<void> {
  const { target } = handle;
  if (target.kind === "pglite") {
    await migratePglite(handle.db as unknown as PgliteDatabase, { migrationsFolder });
    return;
  }
  const client = postgres(target.url, { max: 1, onnotice: () => {} });
  try {
    await client`select pg_advisory_lock(${MIGRATION_LOCK_ID})`;
    await migratePostgres(drizzlePostgres({ client }), { migrationsFolder });
  } finally {
    await client`select pg_advisory_unlock(${MIGRATION_LOCK_ID})`.catch(() => {});
    await client.end({ timeout: 5 });
  }
}
