import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventCanaries } from "@/ews-simulator/data/seed";
import type { RunningSimulator } from "@/ews-simulator/simulator";
import { startTestSimulator } from "@/ews-simulator/testing/test-simulator";
import type { CurrentUser } from "@/lib/auth/session";
import { fetchTeamFreeBusy } from "@/lib/availability/fetch-team-free-busy";
import { openConnectionAccess } from "@/lib/calendars/connection-access";
import { saveConnectorConnection } from "@/lib/calendars/connections";
import { connectorState } from "@/lib/calendars/connector-state";
import { simulatorConfig, testKeys } from "@/lib/calendars/test-helpers";
import { db } from "@/lib/db";
import { connectorRequests, connectors, exchangeConnections } from "@/lib/db/schema";
import { createTestDatabase } from "@/lib/db/testing";
import { addMember, newOrganisation } from "@/lib/organisations/test-helpers";
import { authenticateConnector } from "./authenticate";
import { expectAnswer, publishAnswer } from "./bus";
import { recordHello } from "./hello";
import { pairConnector } from "./pairing";
import { markConnectorSeen } from "./presence";
import type { RelayAnswer } from "./protocol";
import { relayEwsRequest } from "./relay";
import { hashConnectorSecret } from "./secrets";
import { createConnector, deleteConnector, listConnectors, renewPairingCode, revokeConnector } from "./service";
import { answerAsConnector, pairTestConnector, TEST_CONNECTOR_TIMING } from "./test-helpers";

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let simulator: RunningSimulator;
let owner: CurrentUser;
const config = simulatorConfig();
const keys = testKeys();
const timing = TEST_CONNECTOR_TIMING;

beforeAll(async () => {
  [database, simulator] = await Promise.all([createTestDatabase(), startTestSimulator()]);
  owner = await newOrganisation();
});
afterAll(async () => {
  await Promise.all([database?.drop(), simulator?.stop()]);
});

const bearer = (token: string) => new Headers({ authorization: `Bearer ${token}` });

const pairedConnector = (name: string) => pairTestConnector({ owner, name });

describe("pairing", () => {
  it("trades a one-time code for a token whose SHA-256 alone is stored", async () => {
    const { code, connectorId, expiresAt } = await createConnector({ actor: owner, name: "Pairing" });
    expect(code).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    expect(expiresAt.getTime()).toBeGreaterThan(Date.now());
    expect(await pairConnector({ code: "AAAAA-AAAAA", version: "0.1.0" })).toEqual({
      ok: false,
      error: "invalid-code",
    });

    // Typed loosely: lower case, spaces instead of the dash.
    const paired = await pairConnector({ code: code.toLowerCase().replace("-", " "), version: "0.1.0" });
    expect(paired.ok).toBe(true);
    if (!paired.ok) return;
    expect(paired.token).toMatch(/^sbc_[A-Za-z0-9_-]{43}$/);
    const [row] = await db().select().from(connectors).where(eq(connectors.id, connectorId));
    expect(row?.tokenHash).toBe(hashConnectorSecret(paired.token));
    expect(row?.pairingCodeHash).toBeNull();
    expect(JSON.stringify(row)).not.toContain(paired.token.slice(4));

    // Single use.
    expect(await pairConnector({ code, version: "0.1.0" })).toEqual({ ok: false, error: "invalid-code" });
    const auth = await authenticateConnector(bearer(paired.token));
    expect(auth.ok && auth.connector.id).toBe(connectorId);
  });

  it("refuses an expired code", async () => {
    const { code, connectorId } = await createConnector({ actor: owner, name: "Expired" });
    await db()
      .update(connectors)
      .set({ pairingExpiresAt: new Date(Date.now() - 1_000) })
      .where(eq(connectors.id, connectorId));
    expect(await pairConnector({ code, version: "0.1.0" })).toEqual({ ok: false, error: "invalid-code" });
  });

  it("tells a revoked token from an unknown one, and re-pairing replaces the token", async () => {
    const { connectorId, token } = await pairedConnector("Revoked");
    await revokeConnector({ actor: owner, connectorId });
    expect(await authenticateConnector(bearer(token))).toEqual({ ok: false, error: "revoked" });
    expect(await authenticateConnector(bearer(`sbc_${randomBytes(32).toString("base64url")}`))).toEqual({
      ok: false,
      error: "unauthorized",
    });
    const { code } = await renewPairingCode({ actor: owner, connectorId });
    const again = await pairConnector({ code, version: "0.2.0" });
    expect(again.ok).toBe(true);
    expect(await authenticateConnector(bearer(token))).toEqual({ ok: false, error: "unauthorized" });
    if (again.ok) expect((await authenticateConnector(bearer(again.token))).ok).toBe(true);
  });

  it("is for owners and admins only, and scoped to the organisation", async () => {
    const member = await addMember(owner, "member");
    await expect(createConnector({ actor: member, name: "Nope" })).rejects.toMatchObject({ code: "forbidden" });
    const other = await newOrganisation();
    const { connectorId } = await createConnector({ actor: other, name: "Theirs" });
    await expect(revokeConnector({ actor: owner, connectorId })).rejects.toMatchObject({ code: "not_found" });
    expect((await listConnectors(owner)).map((c) => c.name)).not.toContain("Theirs");
  });
});

describe("hello", () => {
  it("records the version and the served mailboxes, lower-cased and one per address, and names the organisation", async () => {
    const { connectorId } = await pairedConnector("Hello");
    const answer = await recordHello({
      connectorId,
      version: "0.2.0",
      mailboxes: [
        { address: "Bob@Contoso.test", impersonate: true },
        { address: "alice@contoso.test", impersonate: false },
        { address: "bob@contoso.test", impersonate: true },
      ],
    });
    expect(answer.organisation).toBe(owner.organisationName);
    const [row] = await db().select().from(connectors).where(eq(connectors.id, connectorId));
    expect(row).toMatchObject({
      version: "0.2.0",
      mailboxes: [
        { address: "alice@contoso.test", impersonate: false },
        { address: "bob@contoso.test", impersonate: true },
      ],
    });
  });
});

describe("presence", () => {
  it("is online in the mode it is reached by; a trial channel beside polls leaves it in auto-sync", async () => {
    const { connectorId } = await pairedConnector("Presence");
    const state = async () => {
      const [row] = await db().select().from(connectors).where(eq(connectors.id, connectorId));
      return connectorState(row as NonNullable<typeof row>);
    };
    expect(await state()).toEqual({ kind: "offline", since: null });
    await markConnectorSeen({ connectorId, mode: "realtime", timing });
    expect(await state()).toMatchObject({ kind: "online", mode: "realtime" });
    await markConnectorSeen({ connectorId, mode: "auto-sync", timing });
    await markConnectorSeen({ connectorId, mode: "realtime", timing });
    expect(await state()).toMatchObject({ kind: "online", mode: "auto-sync" });
    // Polls stopped (the trial channel won): its heartbeats make it real time again.
    await db()
      .update(connectors)
      .set({ lastPolledAt: new Date(Date.now() - 60_000) })
      .where(eq(connectors.id, connectorId));
    await markConnectorSeen({ connectorId, mode: "realtime", timing });
    expect(await state()).toMatchObject({ kind: "online", mode: "realtime" });
    // Silence past what the last sign of life vouched for: offline since then.
    const seen = new Date(Date.now() - 120_000);
    await db()
      .update(connectors)
      .set({ lastSeenAt: seen, onlineUntil: new Date(Date.now() - 1_000) })
      .where(eq(connectors.id, connectorId));
    expect(await state()).toEqual({ kind: "offline", since: seen });
    // Revoked: no sign of life counts any more.
    await revokeConnector({ actor: owner, connectorId });
    expect(await markConnectorSeen({ connectorId, mode: "realtime", timing })).toBe(false);
    expect((await state()).kind).toBe("revoked");
  });
});

describe("relaying EWS through a connector", () => {
  it("answers at once that an offline connector is offline", async () => {
    const { connectorId } = await pairedConnector("Never seen");
    const started = Date.now();
    const outcome = await relayEwsRequest({
      connectorId,
      mailbox: "alice@contoso.test",
      soapAction: "x",
      body: "<x/>",
      timeoutMs: 5_000,
    });
    expect(outcome).toEqual({ ok: false, failure: "offline" });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("gives up at the deadline when nobody answers, and leaves no request behind", async () => {
    const { connectorId } = await pairedConnector("Silent");
    await markConnectorSeen({ connectorId, mode: "auto-sync", timing });
    const outcome = await relayEwsRequest({
      connectorId,
      mailbox: "alice@contoso.test",
      soapAction: "x",
      body: "<x/>",
      timeoutMs: 300,
    });
    expect(outcome).toEqual({ ok: false, failure: "timeout" });
    expect(await db().select().from(connectorRequests).where(eq(connectorRequests.connectorId, connectorId))).toEqual(
      [],
    );
  });

  it("carries an answer far beyond one NOTIFY payload intact", async () => {
    const requestId = crypto.randomUUID();
    const body = randomBytes(150_000).toString("base64"); // incompressible: about 40 pieces
    const waiting = await expectAnswer(requestId);
    await publishAnswer(requestId, { status: 200, contentType: "text/xml", body });
    const answer = (await waiting.answer) as Extract<RelayAnswer, { status: number }>;
    expect(answer.body).toBe(body);
  });

  it("attaches a served mailbox and reads its free/busy live through the connector, FreeBusy view only", async () => {
    const { connectorId } = await pairedConnector("Office");
    await db()
      .update(connectors)
      .set({ mailboxes: [{ address: "alice@contoso.test", impersonate: false }] })
      .where(eq(connectors.id, connectorId));
    await markConnectorSeen({ connectorId, mode: "realtime", timing });
    const host = await addMember(owner, "member", "alice@contoso.test");
    const connector = await answerAsConnector({ connectorId, simulator, user: "alice" });
    try {
      await expect(
        saveConnectorConnection({ actor: owner, connectorId, mailboxEmail: "bob@contoso.test", config, keys }),
      ).rejects.toMatchObject({ code: "invalid_input" });
      const saved = await saveConnectorConnection({
        actor: owner,
        connectorId,
        mailboxEmail: "Alice@Contoso.test",
        ownerUserId: host.userId,
        config,
        keys,
      });
      expect(saved.ok).toBe(true);
      if (!saved.ok) return;
      const [row] = await db().select().from(exchangeConnections).where(eq(exchangeConnections.id, saved.connectionId));
      expect(row).toMatchObject({ connectorId, ewsUrl: null, authUsername: null, secret: null, keyVersion: null });

      const opened = await openConnectionAccess({ row: row as NonNullable<typeof row>, config, keys });
      if (!opened.ok) throw new Error(opened.message);
      const start = new Date();
      const result = await fetchTeamFreeBusy({
        ...opened.access,
        mailboxes: ["alice@contoso.test"],
        window: { start, end: new Date(start.getTime() + 7 * 86_400_000) },
      });
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(result.members[0]?.busy.length).toBeGreaterThan(0);
      const relayed = connector.seen.map((r) => r.body).join("\n");
      expect(relayed).toContain("<t:RequestedView>FreeBusy</t:RequestedView>");
      expect(relayed).not.toMatch(/Detailed/);
      const everything = JSON.stringify(result);
      for (const canary of eventCanaries()) expect(everything).not.toContain(canary);
      // Answered requests leave the queue.
      expect(await db().select().from(connectorRequests).where(eq(connectorRequests.connectorId, connectorId))).toEqual(
        [],
      );
      expect((await listConnectors(owner)).find((c) => c.id === connectorId)).toMatchObject({
        state: { kind: "online", mode: "realtime" },
        attachedCount: 1,
        mailboxes: [{ address: "alice@contoso.test", impersonate: false, attached: true }],
      });

      // Deleting the connector disconnects its mailboxes and forgets its token.
      await deleteConnector({ actor: owner, connectorId });
      expect(
        await db().select().from(exchangeConnections).where(eq(exchangeConnections.connectorId, connectorId)),
      ).toEqual([]);
      expect(await db().select().from(connectors).where(eq(connectors.id, connectorId))).toEqual([]);
    } finally {
      connector.stop();
    }
  });
});
