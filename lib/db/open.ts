import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { btree_gist } from "@electric-sql/pglite/contrib/btree_gist";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as schema from "./schema";

/** The one database type the rest of the app sees, whichever driver is underneath. */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;
/** The handle a `db().transaction(async (tx) => …)` callback receives. */
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];

export type DatabaseTarget =
  | { kind: "postgres"; url: string; maxConnections?: number }
  /** dataDir undefined → in memory (tests). */
  | { kind: "pglite"; dataDir?: string };

/**
 * How the job queue (pg-boss) reaches the same database: its own small pool on a Postgres server, or
 * the one embedded PGlite instance (only one may own a data directory).
 */
export type JobStore = { kind: "postgres"; url: string } | { kind: "pglite"; client: PGlite };

/** Stops a LISTEN started by DatabaseHandle.listen. */
export type Unlisten = () => Promise<void>;

export interface DatabaseHandle {
  db: Database;
  target: DatabaseTarget;
  jobStore: JobStore;
  /**
   * LISTEN on `channel`: every NOTIFY on it, from any process on this database, calls `onNotify` with its
   * payload. Postgres gives the listener its own connection (re-established after a drop); PGlite runs it in
   * process. Send with `select pg_notify(channel, payload)`.
   */
  listen(channel: string, onNotify: (payload: string) => void): Promise<Unlisten>;
  close(): Promise<void>;
}

/** DATABASE_URL set → that Postgres server; unset → embedded PGlite under PGLITE_DATA_DIR. */
export function targetFromEnv(source: NodeJS.ProcessEnv = process.env): DatabaseTarget {
  const url = source.DATABASE_URL;
  if (url) return { kind: "postgres", url };
  return {
    kind: "pglite",
    dataDir: path.resolve(/* turbopackIgnore: true */ source.PGLITE_DATA_DIR || ".data/pglite"),
  };
}

export function openDatabase(target: DatabaseTarget): DatabaseHandle {
  if (target.kind === "postgres") {
    const client = postgres(target.url, {
      max: target.maxConnections ?? 10,
      onnotice: () => {},
    });
    return {
      db: drizzlePostgres({ client, schema, casing: "snake_case" }) as unknown as Database,
      target,
      jobStore: { kind: "postgres", url: target.url },
      listen: async (channel, onNotify) => {
        const { unlisten } = await client.listen(channel, onNotify);
        return unlisten;
      },
      close: () => client.end({ timeout: 5 }),
    };
  }

  if (target.dataDir) mkdirSync(target.dataDir, { recursive: true });
  // btree_gist backs the exclusion constraints that make double bookings impossible.
  const client = new PGlite({ dataDir: target.dataDir, extensions: { btree_gist } });
  return {
    db: drizzlePglite({ client, schema, casing: "snake_case" }) as unknown as Database,
    target,
    jobStore: { kind: "pglite", client },
    listen: async (channel, onNotify) => {
      const unsubscribe = await client.listen(channel, onNotify);
      return () => unsubscribe();
    },
    close: () => client.close(),
  };
}
