import { execFile } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { promisify } from "node:util";
import type { DatabaseHandle } from "@/lib/db";

const run = promisify(execFile);

/** pg_dump from PATH, else from the newest server installed under /usr/lib/postgresql. */
export function findPgDump(): string {
  const root = "/usr/lib/postgresql";
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((name) => existsSync(`${root}/${name}/bin/pg_dump`))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return `${root}/${versions[0]}/bin/pg_dump`;
  }
  return "pg_dump";
}

/**
 * Everything the database holds, as text, to search for what an erasure must have removed. On Postgres
 * it is pg_dump's own output (schema and data, every schema, pg-boss's jobs included); on PGlite, which has
 * no pg_dump, every row of every table in every schema, each as Postgres prints a row.
 */
export async function dumpDatabase(handle: DatabaseHandle): Promise<string> {
  if (handle.target.kind === "postgres") {
    const { stdout } = await run(findPgDump(), ["--no-owner", "--no-privileges", handle.target.url], {
      maxBuffer: 256 * 1024 * 1024,
    });
    return stdout;
  }
  if (handle.jobStore.kind !== "pglite") throw new Error("a PGlite database without its client");
  const client = handle.jobStore.client;
  const tables = await client.query<{ schema: string; name: string }>(
    `select table_schema as schema, table_name as name from information_schema.tables
      where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')
      order by 1, 2`,
  );
  const parts: string[] = [];
  for (const table of tables.rows) {
    const quoted = `"${table.schema.replaceAll('"', '""')}"."${table.name.replaceAll('"', '""')}"`;
    const rows = await client.query<{ row: string }>(`select t::text as row from ${quoted} t`);
    parts.push(`-- ${quoted}`, ...rows.rows.map((row) => row.row));
  }
  return parts.join("\n");
}
