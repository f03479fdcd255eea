import { relinkBookingsAfterConnect } from "@/lib/bookings/reconcile";
import { setMailboxConnectedListener } from "@/lib/calendars/connection-events";
import { installConnectorRelay } from "@/lib/connectors/relay";
import { databaseHandle } from "@/lib/db";
import { migrateDatabase } from "@/lib/db/migrate";
import { EnvError, env } from "@/lib/env";
import { startBackgroundJobs } from "@/lib/jobs/start";

/**
 * Validates the environment (stopping with a clear message when it is wrong), hands the connector relay to
 * the Exchange gateway and the relink of bookings to connections, migrates, then starts the background jobs.
 */
export async function startServer() {
  try {
    env();
  } catch (error) {
    if (error instanceof EnvError) {
      // Said to the person starting the app, as plain text: console.error goes to the JSON log in production.
      process.stderr.write(`\n${error.message}\n\nSee .env.example for every setting.\n\n`);
      process.exit(1);
    }
    throw error;
  }
  installConnectorRelay();
  // A reconnected mailbox's bookings find their Exchange items again.
  setMailboxConnectedListener(relinkBookingsAfterConnect);
  await migrateDatabase(databaseHandle());
  await startBackgroundJobs(databaseHandle());
}
