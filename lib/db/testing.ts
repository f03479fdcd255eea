import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { installDatabase } from "./index";
import { migrateDatabase } from "./migrate";
import { type DatabaseHandle, openDatabase } from "./open";

/**
 * A fresh, migrated database for one test file, installed as the app's database.
 * TEST_DATABASE_URL set → a new database on that Postgres server, dropped afterwards;
 * unset → an in-memory PGlite.
 */
export async function createTestDatabase(): Promise<DatabaseHandle & { drop(): Promise<void> }> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const handle = openDatabase({ kind: "pglite" });
    await migrateDatabase(handle);
    installDatabase(handle);
    return { ...handle, drop: () => handle.close() };
  }

  const name = `slotbridge_test_${randomBytes(6).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = openDatabase({ kind: "postgres", url: url.toString() });
  await migrateDatabase(handle);
  installDatabase(handle);
  return {
    ...handle,
    async drop() {
      await handle.close();
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}
