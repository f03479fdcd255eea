import { installDatabase } from "./index";
import { migrateDatabase } from "./migrate";
import { type DatabaseHandle, openDatabase } from "./open";
import { provisionDatabase } from "./provision";

/**
 * A fresh, migrated database for one test file, installed as the app's database:
 * on the Postgres server at TEST_DATABASE_URL when set, else an in-memory PGlite.
 */
export async function createTestDatabase(): Promise<DatabaseHandle & { drop(): Promise<void> }> {
  const provisioned = await provisionDatabase({ serverUrl: process.env.TEST_DATABASE_URL, prefix: "slotbridge_test" });
  const handle = openDatabase(provisioned.target);
  await migrateDatabase(handle);
  installDatabase(handle);
  return {
    ...handle,
    async drop() {
      await handle.close();
      await provisioned.drop();
    },
  };
}
