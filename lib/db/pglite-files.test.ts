import { chmodSync, lstatSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { captureLog } from "@/testing/log-capture";
import { openDatabase } from "./open";

// Embedded PGlite keeps customers, password hashes and sessions in plain files: no other local user may
// read or change them.

const root = mkdtempSync(path.join(tmpdir(), "slotbridge-pglite-files-"));
// Parents the app creates itself (like `.data/`) are owner-only too.
const dataDir = path.join(root, "data", "pglite");
afterAll(() => rmSync(root, { recursive: true, force: true }));

function modes(dir: string): { dirs: Map<string, number>; files: Map<string, number> } {
  const dirs = new Map<string, number>();
  const files = new Map<string, number>();
  const visit = (entry: string) => {
    const stat = lstatSync(entry);
    const relative = path.relative(dir, entry) || ".";
    if (stat.isDirectory()) {
      dirs.set(relative, stat.mode & 0o777);
      for (const name of readdirSync(entry)) visit(path.join(entry, name));
    } else if (stat.isFile()) files.set(relative, stat.mode & 0o777);
  };
  visit(dir);
  return { dirs, files };
}

function expectOwnerOnly(dir: string) {
  const { dirs, files } = modes(dir);
  expect(files.size).toBeGreaterThan(100);
  const loose = [
    ...[...dirs].filter(([, mode]) => mode !== 0o700).map(([name, mode]) => `${name}/ ${mode.toString(8)}`),
    ...[...files].filter(([, mode]) => mode !== 0o600).map(([name, mode]) => `${name} ${mode.toString(8)}`),
  ];
  expect(loose).toEqual([]);
}

async function writeSomething(handle: ReturnType<typeof openDatabase>) {
  await handle.db.execute(sql`create table if not exists notes (body text)`);
  await handle.db.execute(sql`insert into notes values (${"a customer's note"})`);
}

describe("embedded PGlite's files", () => {
  it("are created owner-only: directories 0700, files 0600", async () => {
    const handle = openDatabase({ kind: "pglite", dataDir });
    try {
      await writeSomething(handle);
      expectOwnerOnly(dataDir);
    } finally {
      await handle.close();
    }
    expectOwnerOnly(dataDir);
    expect(lstatSync(path.join(root, "data")).mode & 0o777).toBe(0o700);
  });

  it("are made owner-only at start when an earlier version left them open to everyone, with a log line", async () => {
    const { dirs, files } = modes(dataDir);
    for (const name of dirs.keys()) chmodSync(path.join(dataDir, name), 0o777);
    for (const name of files.keys()) chmodSync(path.join(dataDir, name), 0o666);

    const log = captureLog();
    const handle = openDatabase({ kind: "pglite", dataDir });
    try {
      await writeSomething(handle);
      expectOwnerOnly(dataDir);
    } finally {
      log.restore();
      await handle.close();
    }
    expectOwnerOnly(dataDir);

    const entries = log.lines.map((line) => JSON.parse(line) as { msg: string; changed?: number; dataDir?: string });
    const fixed = entries.filter((entry) => entry.changed !== undefined);
    expect(fixed).toHaveLength(1);
    expect(fixed[0]).toMatchObject({ changed: dirs.size + files.size, dataDir });
    expect(fixed[0]?.msg).toMatch(/restricted the PGlite data directory to its owner/);
  });
});
