// `npm run db:migrate`: applies drizzle/ migrations to DATABASE_URL, or to the embedded
// PGlite under PGLITE_DATA_DIR when unset. The app also does this itself at start-up.
import { migrateDatabase } from "@/lib/db/migrate";
import { openDatabase, targetFromEnv } from "@/lib/db/open";

const target = targetFromEnv();
const handle = openDatabase(target);
try {
  await migrateDatabase(handle);
  console.log(
    `Migrations applied (${target.kind === "postgres" ? "Postgres at DATABASE_URL" : `PGlite in ${target.dataDir}`}).`,
  );
} finally {
  await handle.close();
}
