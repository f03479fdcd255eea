import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { btree_gist } from "@electric-sql/pglite/contrib/btree_gist";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { log, summarizeError } from "@/lib/log";
import { ensureOwnerOnlyDir, restrictToOwner, setOwnerOnlyUmask } from "@/lib/security/owner-only";
import { installSafeQueryErrors } from "./query-errors";
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
  // No bound value may leave the database layer in an error: see lib/db/query-errors.ts.
  installSafeQueryErrors();
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

  if (target.dataDir) prepareDataDir(target.dataDir);
  // btree_gist backs the exclusion constraints that make double bookings impossible.
  const client = new PGlite({ dataDir: target.dataDir, extensions: { btree_gist } });
  if (target.dataDir) restrictAfterStart(client, target.dataDir);
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

/**
 * The data directory holds customers, password hashes and sessions, so no other local user may enter it.
 * The umask is process-wide, but this process is the database server: every directory PGlite makes
 * (it asks for 0777) and every file it or the app creates from here on is owner-only. The directory and
 * its new parents are made 0700 before PGlite starts, and one left readable by an earlier version is
 * restricted now, with a log line.
 */
function prepareDataDir(dataDir: string): void {
  setOwnerOnlyUmask();
  const changed = ensureOwnerOnlyDir(dataDir);
  if (changed > 0) {
    log.warn(
      { dataDir, changed },
      "restricted the PGlite data directory to its owner: group and other permissions removed",
    );
  }
}

/**
 * PGlite writes a new data directory's files from its bundled copy with an explicit chmod to 0666, which
 * no umask can stop; the directory is already 0700, and this takes the bits off once it has started.
 * It is registered before any query can be, so it runs before the first query.
 */
function restrictAfterStart(client: PGlite, dataDir: string): void {
  client.waitReady.then(
    () => {
      try {
        restrictToOwner(dataDir);
      } catch (error) {
        log.error({ dataDir, err: summarizeError(error) }, "could not make the PGlite data directory owner-only");
      }
    },
    () => {}, // a failed start surfaces on the first query
  );
}
