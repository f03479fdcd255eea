import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { btree_gist } from "@electric-sql/pglite/contrib/btree_gist";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// Migrations 0013 and 0014 change data an installation already has: users made before addresses were
// verified count as verified, an installation with users is set up (no first-run page), its first user
// administers the instance, and the connection audit log moves into audit_events. Applied here file by
// file to a database holding such data, as an upgrade meets it.

const folder = path.join(process.cwd(), "drizzle");
const files = readdirSync(folder)
  .filter((name) => name.endsWith(".sql"))
  .sort();

let pg: PGlite;

async function apply(file: string, to: PGlite = pg) {
  for (const statement of readFileSync(path.join(folder, file), "utf8").split("--> statement-breakpoint")) {
    if (statement.trim()) await to.exec(statement);
  }
}

beforeAll(async () => {
  pg = await PGlite.create({ extensions: { btree_gist } });
  for (const file of files.filter((name) => name < "0013")) await apply(file);
  await pg.exec(`
    insert into organisations (id, name) values ('00000000-0000-7000-8000-000000000001', 'Old Co');
    insert into users (id, organisation_id, email, name, role, created_at) values
      ('00000000-0000-7000-8000-000000000010', '00000000-0000-7000-8000-000000000001', 'first@old.test', 'First', 'owner', '2025-01-01T00:00:00Z'),
      ('00000000-0000-7000-8000-000000000011', '00000000-0000-7000-8000-000000000001', 'second@old.test', 'Second', 'member', '2025-02-01T00:00:00Z');
    insert into connection_audit_log (id, organisation_id, connection_id, mailbox_email, actor_user_id, action, outcome, created_at) values
      ('00000000-0000-7000-8000-000000000020', '00000000-0000-7000-8000-000000000001', null, 'alice@contoso.test', '00000000-0000-7000-8000-000000000010', 'connected', 'ntlm', '2025-03-01T00:00:00Z'),
      ('00000000-0000-7000-8000-000000000021', '00000000-0000-7000-8000-000000000001', null, null, '00000000-0000-7000-8000-000000000010', 'ca_added', 'CN=Contoso Root', '2025-03-02T00:00:00Z'),
      ('00000000-0000-7000-8000-000000000022', '00000000-0000-7000-8000-000000000001', null, 'alice@contoso.test', null, 'status_changed', 'wrong-password', '2025-03-03T00:00:00Z');
  `);
  for (const file of files.filter((name) => name >= "0013")) await apply(file);
});
afterAll(async () => {
  await pg?.close();
});

describe("upgrading an installation to the account lifecycle", () => {
  it("counts existing users as verified, the installation as set up, and its first user as instance admin", async () => {
    const users = await pg.query<{ email: string; verified: boolean; instance_admin: boolean }>(
      "select email, email_verified_at = created_at as verified, instance_admin from users order by email",
    );
    expect(users.rows).toEqual([
      { email: "first@old.test", verified: true, instance_admin: true },
      { email: "second@old.test", verified: true, instance_admin: false },
    ]);
    const setup = await pg.query<{ completed_at: Date }>("select completed_at from instance_setup");
    expect(setup.rows.map((row) => row.completed_at.toISOString())).toEqual(["2025-01-01T00:00:00.000Z"]);
  });

  it("moves the connection audit log into audit_events and drops it", async () => {
    const events = await pg.query<{ action: string; outcome: string; detail: unknown; actor_user_id: string | null }>(
      "select action, outcome, detail, actor_user_id from audit_events order by created_at",
    );
    expect(events.rows).toEqual([
      {
        action: "connection.connected",
        outcome: "ntlm",
        detail: { mailbox: "alice@contoso.test" },
        actor_user_id: "00000000-0000-7000-8000-000000000010",
      },
      {
        action: "certificate-authority.added",
        outcome: "CN=Contoso Root",
        detail: {},
        actor_user_id: "00000000-0000-7000-8000-000000000010",
      },
      {
        action: "connection.status-changed",
        outcome: "wrong-password",
        detail: { mailbox: "alice@contoso.test" },
        actor_user_id: null,
      },
    ]);
    const left = await pg.query("select to_regclass('connection_audit_log') as still");
    expect(left.rows).toEqual([{ still: null }]);
  });

  it("on a fresh installation, leaves the first-run page to do the setup", async () => {
    const fresh = await PGlite.create({ extensions: { btree_gist } });
    try {
      for (const file of files) await apply(file, fresh);
      expect((await fresh.query("select * from instance_setup")).rows).toEqual([]);
    } finally {
      await fresh.close();
    }
  });
});
