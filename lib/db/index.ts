import "server-only";
import { type Database, type DatabaseHandle, openDatabase, type Transaction, targetFromEnv } from "./open";

// Next.js bundles instrumentation, routes and actions separately; a process-wide slot keeps
// them on one connection pool (and, for PGlite, one owner of the data directory).
const slot = globalThis as typeof globalThis & { __slotbridgeDatabase?: DatabaseHandle };

export function databaseHandle(): DatabaseHandle {
  slot.__slotbridgeDatabase ??= openDatabase(targetFromEnv());
  return slot.__slotbridgeDatabase;
}

/** The app's database. */
export function db(): Database {
  return databaseHandle().db;
}

/** Points the app at another database (tests use a fresh one per run). */
export function installDatabase(handle: DatabaseHandle): void {
  slot.__slotbridgeDatabase = handle;
}

export * as schema from "./schema";
export type { Database, DatabaseHandle, Transaction };
