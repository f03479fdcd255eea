import "server-only";
import type { PGlite } from "@electric-sql/pglite";
import PgBoss from "pg-boss";
import type { JobStore } from "@/lib/db/open";
import { log, summarizeError } from "@/lib/log";

export type JobQueue = PgBoss;

/**
 * pg-boss's database interface over the embedded PGlite instance. Without parameters pg-boss sends
 * several statements at once (its schema set-up, its locked maintenance blocks), which only `exec` runs;
 * with parameters one statement, through `query`, which converts arrays, JSON and dates by the
 * statement's parameter types.
 */
function pgliteAdapter(client: PGlite) {
  return {
    async executeSql(text: string, values?: unknown[]) {
      if (!values || values.length === 0) {
        const results = await client.exec(text);
        return results.at(-1) ?? { rows: [] };
      }
      return client.query(text, values);
    },
  };
}

/**
 * Starts pg-boss on the app's database: its own tables in the `pgboss` schema (created and migrated by
 * pg-boss itself under an advisory lock, so several instances may start at once) and its own small pool
 * on a Postgres server. Jobs carry ids only: never event data, never credentials.
 */
export async function startJobQueue(store: JobStore): Promise<JobQueue> {
  const common = { application_name: "slotbridge-jobs", schema: "pgboss" };
  const boss =
    store.kind === "postgres"
      ? new PgBoss({ ...common, connectionString: store.url, max: 3 })
      : new PgBoss({ ...common, db: pgliteAdapter(store.client) });
  boss.on("error", (error) => log.error({ err: summarizeError(error) }, "job queue error"));
  await boss.start();
  return boss;
}

/**
 * Creates a queue unless it exists. Two instances starting at once can deadlock inside pg-boss's queue
 * creation (each adds a partition to the same table), so a failed attempt is retried after a short,
 * jittered pause, by which time the other instance has usually created it.
 */
export async function ensureQueue(boss: JobQueue, name: string, options: Omit<PgBoss.Queue, "name">) {
  for (let attempt = 1; ; attempt += 1) {
    if (await boss.getQueue(name)) return;
    try {
      await boss.createQueue(name, { ...options, name });
      return;
    } catch (error) {
      if (attempt >= 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt + Math.random() * 100));
    }
  }
}

// On globalThis: Next.js bundles start-up (instrumentation) and the routes separately, and both must see
// the one queue this process started.
const slot = globalThis as typeof globalThis & { __slotbridgeJobs?: JobQueue };

/** The job queue this process started, or null before start-up finished (or in scripts without one). */
export function runningJobQueue(): JobQueue | null {
  return slot.__slotbridgeJobs ?? null;
}

export function setRunningJobQueue(boss: JobQueue): void {
  slot.__slotbridgeJobs = boss;
}
