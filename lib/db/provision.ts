import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import postgres from "postgres";
import type { DatabaseTarget } from "./open";

/**
 * A brand-new, empty database for one test run: a new database on the Postgres server at
 * `serverUrl` (dropped again by `drop`), or else a PGlite directory (or memory) of its own.
 * Tests never touch the demo's or a real installation's data.
 */
export async function provisionDatabase({
  serverUrl,
  prefix,
  pgliteOnDisk = false,
}: {
  serverUrl?: string;
  prefix: string;
  pgliteOnDisk?: boolean;
}): Promise<{ target: DatabaseTarget; env: Record<string, string>; drop(): Promise<void> }> {
  if (!serverUrl) {
    if (!pgliteOnDisk) return { target: { kind: "pglite" }, env: {}, drop: async () => {} };
    const dataDir = mkdtempSync(path.join(tmpdir(), `${prefix}-`));
    return {
      target: { kind: "pglite", dataDir },
      env: { DATABASE_URL: "", PGLITE_DATA_DIR: dataDir },
      drop: async () => rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    target: { kind: "postgres", url: url.toString() },
    env: { DATABASE_URL: url.toString() },
    async drop() {
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}
