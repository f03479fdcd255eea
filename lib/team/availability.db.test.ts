import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventCanaries } from "@/ews-simulator/data/seed";
import { setUpTestSimulator } from "@/ews-simulator/testing/test-simulator";
import type { CurrentUser } from "@/lib/auth/session";
import { designateAvailabilityConnection } from "@/lib/calendars/availability-designation";
import { addOrganisationCa } from "@/lib/calendars/certificate-authorities";
import { saveConnection } from "@/lib/calendars/connections";
import { readRequestLog, SIM_PASSWORD, simulatorConfig, testKeys } from "@/lib/calendars/test-helpers";
import { db } from "@/lib/db";
import { createTestDatabase } from "@/lib/db/testing";
import { AppError } from "@/lib/errors";
import { addMember, newOrganisation } from "@/lib/organisations/test-helpers";
import { teamAvailability } from "./availability";
import { saveGroup } from "./groups";

let database: Awaited<ReturnType<typeof createTestDatabase>>;
const simulator = setUpTestSimulator({ clearLogEach: true });
const keys = testKeys();
const config = simulatorConfig();
let owner: CurrentUser;
let bob: CurrentUser;
let kiri: CurrentUser;
let newcomer: CurrentUser;

// This week and the next, as the grid asks for them.
const start = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate()));
const end = new Date(start.getTime() + 14 * 86_400_000);

async function connectFor(input: { mailbox: string; owner: CurrentUser; asSelf?: boolean }) {
  const user = input.mailbox.split("@")[0];
  const result = await saveConnection({
    actor: owner,
    mailboxEmail: input.mailbox,
    ewsUrl: simulator.listeners.valid.url,
    username: input.asSelf ? `CONTOSO\\${user}` : "CONTOSO\\svc-slotbridge",
    password: SIM_PASSWORD,
    authMethod: "auto",
    impersonate: !input.asSelf,
    ownerUserId: input.owner.userId,
    config,
    keys,
  });
  if (!result.ok) throw new Error(`save failed: ${JSON.stringify(result)}`);
  return result.connectionId;
}

const lookup = (actor: CurrentUser, extra: { memberIds?: string[]; groupId?: string } = {}) =>
  teamAvailability({ actor, start, end, config, keys, ...extra });

beforeAll(async () => {
  database = await createTestDatabase();
  owner = await newOrganisation();
  await addOrganisationCa({ actor: owner, pem: simulator.caPem });
  bob = await addMember(owner, "member");
  kiri = await addMember(owner, "member");
  newcomer = await addMember(owner, "member");
  await connectFor({ mailbox: "alice@contoso.test", owner, asSelf: true });
  await connectFor({ mailbox: "bob@contoso.test", owner: bob });
  await connectFor({ mailbox: "kiri@contoso.test", owner: kiri });
});
afterAll(async () => {
  await database?.drop();
});

describe("teamAvailability", () => {
  it("gives each member a status and busy blocks through the viewer's own connection, FreeBusy view only", async () => {
    const result = await lookup(owner);
    const byId = new Map(result.members.map((m) => [m.id, m]));
    expect(byId.get(owner.userId)?.status).toBe("ok");
    expect(byId.get(bob.userId)?.status).toBe("ok");
    expect(byId.get(bob.userId)?.busy.length).toBeGreaterThan(0);
    expect(byId.get(kiri.userId)).toMatchObject({ status: "no-data", busy: [] });
    expect(byId.get(newcomer.userId)).toMatchObject({ status: "no-calendar", busy: [] });
    expect(result.unavailable).toBeUndefined();
    for (const member of result.members) {
      expect(Object.keys(member).sort()).toEqual(["busy", "id", "name", "status"]);
      for (const block of member.busy) expect(Object.keys(block).sort()).toEqual(["end", "start", "status"]);
    }

    const calls = (await readRequestLog(simulator)).filter((e) => e.operation === "GetUserAvailability");
    expect(calls.length).toBe(1);
    // Alice's own account asks: Exchange applies her permissions, not a service account's.
    expect(calls[0]).toMatchObject({ requestedView: "FreeBusy", account: "alice@contoso.test" });
    expect(calls[0]?.impersonating).toBeUndefined();
  });

  it("leaves no event detail in the answer or anywhere in the database", async () => {
    const result = await lookup(owner);
    const tables = await db().execute<{ schemaname: string; tablename: string }>(
      sql`select schemaname, tablename from pg_tables where schemaname in ('public', 'pgboss', 'drizzle')`,
    );
    const rows = Array.isArray(tables) ? tables : (tables as unknown as { rows: typeof tables }).rows;
    let dump = JSON.stringify(result);
    for (const { schemaname, tablename } of rows as Array<{ schemaname: string; tablename: string }>) {
      const content = await db().execute(sql.raw(`select * from "${schemaname}"."${tablename}"`));
      dump += JSON.stringify(content, (_key, value) => (typeof value === "bigint" ? String(value) : value));
    }
    expect(dump).toContain(owner.userId); // the dump did read the tables
    for (const canary of eventCanaries()) expect(dump).not.toContain(canary);
  });

  it("falls back to the designated lookup connection, or says that there is none", async () => {
    const lone = await addMember(owner, "member");
    const none = await lookup(lone);
    expect(none.unavailable?.message).toContain("connect your own calendar");
    expect(none.members.find((m) => m.id === bob.userId)?.status).toBe("no-data");

    const bobs = (await db().execute(
      sql`select id from exchange_connections where mailbox_email = 'bob@contoso.test'`,
    )) as unknown;
    const bobConnection = (Array.isArray(bobs) ? bobs : (bobs as { rows: Array<{ id: string }> }).rows)[0] as {
      id: string;
    };
    await designateAvailabilityConnection({ actor: owner, connectionId: bobConnection.id });
    const designated = await lookup(lone);
    expect(designated.unavailable).toBeUndefined();
    expect(designated.members.find((m) => m.id === owner.userId)?.status).toBe("ok");
    const [call] = (await readRequestLog(simulator)).filter((e) => e.operation === "GetUserAvailability").slice(-1);
    expect(call).toMatchObject({ impersonating: "bob@contoso.test", requestedView: "FreeBusy" });
    await expect(designateAvailabilityConnection({ actor: lone, connectionId: null })).rejects.toBeInstanceOf(AppError);
  });

  it("filters by members and by group, and refuses ids of another organisation", async () => {
    expect((await lookup(owner, { memberIds: [bob.userId] })).members.map((m) => m.id)).toEqual([bob.userId]);
    const { groupId } = await saveGroup({ actor: owner, name: "Front desk", memberIds: [bob.userId, kiri.userId] });
    expect((await lookup(owner, { groupId })).members.map((m) => m.id).sort()).toEqual(
      [bob.userId, kiri.userId].sort(),
    );
    const stranger = await newOrganisation();
    await expect(lookup(stranger, { memberIds: [bob.userId] })).rejects.toMatchObject({ code: "not_found" });
    await expect(lookup(stranger, { groupId })).rejects.toMatchObject({ code: "not_found" });
    expect((await lookup(stranger)).members.map((m) => m.id)).toEqual([stranger.userId]);
  });

  it("shows a banner and per-row errors when Exchange cannot be reached, without failing the page", async () => {
    await fetch(`${simulator.controlUrl}/faults`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ operation: "GetUserAvailability", action: { kind: "http-error", status: 503 } }),
    });
    const result = await lookup(owner);
    expect(result.unavailable?.message).toBeTruthy();
    expect(result.members.find((m) => m.id === bob.userId)?.status).toBe("error");
    expect(result.members.find((m) => m.id === newcomer.userId)?.status).toBe("no-calendar");
  });
});
