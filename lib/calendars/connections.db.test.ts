import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { eventCanaries } from "@/ews-simulator/data/seed";
import type { RunningSimulator } from "@/ews-simulator/simulator";
import { callControl, startTestSimulator } from "@/ews-simulator/testing/test-simulator";
import type { CurrentUser } from "@/lib/auth/session";
import { decryptSecret } from "@/lib/crypto/vault";
import { db } from "@/lib/db";
import { auditEvents, exchangeConnections } from "@/lib/db/schema";
import { createTestDatabase } from "@/lib/db/testing";
import { addMember, newOrganisation } from "@/lib/organisations/test-helpers";
import { expectAppError } from "@/testing/expect-app-error";
import { addOrganisationCa } from "./certificate-authorities";
import {
  disconnectConnection,
  retestConnection,
  type SaveConnectionInput,
  saveConnection,
  updateConnectionPassword,
} from "./connections";
import { listConnections } from "./data";
import { fetchFreeBusyPreview } from "./free-busy-preview";
import { resolveEwsEndpoint } from "./resolve-endpoint";
import { testAccount } from "./test-account";
import { closedConfig, readRequestLog, SIM_PASSWORD, simulatorConfig, testKeys } from "./test-helpers";

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let simulator: RunningSimulator;
let owner: CurrentUser;
let ewsUrl: string;
const keys = testKeys();
const config = simulatorConfig();

beforeAll(async () => {
  [database, simulator] = await Promise.all([createTestDatabase(), startTestSimulator()]);
  owner = await newOrganisation();
  await addOrganisationCa({ actor: owner, pem: simulator.caPem });
  ewsUrl = simulator.listeners.valid.url;
});
afterAll(async () => {
  await simulator?.stop();
  await database?.drop();
});
beforeEach(async () => {
  await callControl({ simulator, method: "POST", path: "/reset" });
  await callControl({ simulator, method: "DELETE", path: "/requests" });
});

const account = (input: { username: string; password?: string; authMethod?: "auto" | "ntlm" | "basic" }) => ({
  username: input.username,
  password: input.password ?? SIM_PASSWORD,
  authMethod: input.authMethod ?? ("auto" as const),
});

async function connect(input: { actor: CurrentUser; mailbox: string; ownerUserId?: string | null }) {
  const result = await saveConnection({
    actor: input.actor,
    mailboxEmail: input.mailbox,
    ewsUrl,
    ...account({ username: "CONTOSO\\svc-slotbridge" }),
    impersonate: true,
    ...(input.ownerUserId !== undefined ? { ownerUserId: input.ownerUserId } : {}),
    config,
    keys,
  });
  if (!result.ok) throw new Error(`save failed: ${JSON.stringify(result)}`);
  return result.connectionId;
}

describe("resolveEwsEndpoint", () => {
  it("finds the EWS URL by SOAP autodiscover at an explicit autodiscover URL", async () => {
    const result = await resolveEwsEndpoint({
      email: "alice@contoso.test",
      account: account({ username: "CONTOSO\\alice" }),
      caPem: simulator.caPem,
      autodiscoverUrls: [new URL("/autodiscover/autodiscover.svc", ewsUrl).toString()],
      config,
    });
    expect(result).toEqual({ ok: true, ewsUrl, source: "autodiscover" });
  });

  it("falls back to POX autodiscover on the same host when the SOAP service is missing", async () => {
    const result = await resolveEwsEndpoint({
      email: "alice@contoso.test",
      account: account({ username: "CONTOSO\\alice" }),
      caPem: simulator.caPem,
      autodiscoverUrls: [new URL("/autodiscover/no-soap-here.svc", ewsUrl).toString()],
      config,
    });
    expect(result).toEqual({ ok: true, ewsUrl, source: "autodiscover" });
    // The missing SOAP path is a plain 404 (not logged by the simulator); the answer came from POX.
    const paths = (await readRequestLog(simulator)).map((entry) => entry.path);
    expect(paths).toContain("/autodiscover/autodiscover.xml");
    expect(paths).not.toContain("/autodiscover/autodiscover.svc");
  });

  it("says why autodiscover failed at every candidate", async () => {
    const result = await resolveEwsEndpoint({
      email: "alice@contoso.test",
      account: account({ username: "CONTOSO\\alice" }),
      autodiscoverUrls: [new URL("/autodiscover/autodiscover.svc", ewsUrl).toString()],
      config: closedConfig(),
    });
    expect(result).toMatchObject({ ok: false, reason: "autodiscover-failed" });
    if (!result.ok) expect(result.attempts[0]).toContain("loopback");
    const standard = await resolveEwsEndpoint({
      email: "alice@contoso.test",
      account: account({ username: "CONTOSO\\alice" }),
      config: simulatorConfig({ resolve: async () => [] }),
    });
    expect(standard).toMatchObject({
      ok: false,
      attempts: [expect.stringContaining("contoso.test"), expect.any(String)],
    });
  });

  it("says a candidate only offers TLS 1.0/1.1, rather than that its certificate was refused", async () => {
    const result = await resolveEwsEndpoint({
      email: "alice@contoso.test",
      account: account({ username: "CONTOSO\\alice", authMethod: "basic" }),
      caPem: simulator.caPem,
      autodiscoverUrls: [new URL("/autodiscover/autodiscover.svc", simulator.listeners["tls-legacy"].url).toString()],
      config,
    });
    expect(result).toMatchObject({ ok: false, reason: "autodiscover-failed" });
    if (!result.ok) {
      expect(result.attempts[0]).toContain("it only offers TLS 1.1 or older (Slotbridge requires TLS 1.2 or newer)");
      expect(result.attempts.join(" ")).not.toContain("certificate");
    }
  });

  it("accepts a manual https EWS URL on an allowed host, and refuses http: or loopback when not allowed", async () => {
    expect(await resolveEwsEndpoint({ email: "a@contoso.test", manualUrl: ewsUrl, config })).toMatchObject({
      ok: true,
      source: "manual",
    });
    expect(
      await resolveEwsEndpoint({ email: "a@contoso.test", manualUrl: ewsUrl.replace("https:", "http:"), config }),
    ).toMatchObject({ ok: false, reason: "invalid-url" });
    expect(
      await resolveEwsEndpoint({ email: "a@contoso.test", manualUrl: ewsUrl, config: closedConfig() }),
    ).toMatchObject({ ok: false, reason: "address-refused" });
  });
});

describe("testAccount", () => {
  const run = (input: Partial<Parameters<typeof testAccount>[0]>) =>
    testAccount({
      organisationId: owner.organisationId,
      ewsUrl,
      username: "CONTOSO\\alice",
      password: SIM_PASSWORD,
      authMethod: "auto",
      mailbox: "alice@contoso.test",
      config,
      ...input,
    });

  it.each([
    ["ntlm", "NTLM"],
    ["basic", "Basic"],
  ] as const)("works with %s", async (authMethod, scheme) => {
    expect(await run({ authMethod })).toEqual({ ok: true, authMethod });
    const log = await readRequestLog(simulator);
    expect(log.filter((e) => e.status === 200).at(-1)).toMatchObject({ authScheme: scheme, requestedView: "FreeBusy" });
  });

  it("auto tries NTLM first", async () => {
    expect(await run({ username: "alice@contoso.test" })).toEqual({ ok: true, authMethod: "ntlm" });
  });

  it("names a wrong password without repeating it", async () => {
    const result = await run({ password: "Wrong-Pass-9" });
    expect(result).toMatchObject({ ok: false, reason: "wrong-password" });
    expect(JSON.stringify(result)).not.toContain("Wrong-Pass-9");
  });

  it("names an unknown mailbox", async () => {
    expect(await run({ mailbox: "nobody@contoso.test" })).toMatchObject({ ok: false, reason: "mailbox-not-found" });
  });

  it("lets the service account impersonate alice, and refuses alice impersonating bob", async () => {
    expect(await run({ username: "CONTOSO\\svc-slotbridge", impersonate: true })).toMatchObject({ ok: true });
    expect((await readRequestLog(simulator)).at(-1)).toMatchObject({ impersonating: "alice@contoso.test" });
    expect(await run({ mailbox: "bob@contoso.test", impersonate: true })).toMatchObject({
      ok: false,
      reason: "impersonation-denied",
    });
  });

  it("names server busy", async () => {
    await callControl({
      simulator,
      method: "POST",
      path: "/faults",
      body: { action: { kind: "server-busy", backOffMs: 500 }, times: 1 },
    });
    expect(await run({ authMethod: "basic" })).toMatchObject({ ok: false, reason: "server-busy" });
  });

  it("names a server that only offers TLS 1.0/1.1 by its TLS version, not as a certificate", async () => {
    expect(await run({ ewsUrl: simulator.listeners["tls-legacy"].url })).toMatchObject({
      ok: false,
      reason: "tls-version",
      message: expect.stringMatching(/^The Exchange server only offers TLS 1\.1 or older/),
    });
  });

  it("refuses a certificate the organisation does not trust, and loopback when not allow-listed", async () => {
    expect(await run({ ewsUrl: simulator.listeners.expired.url })).toMatchObject({ ok: false, reason: "certificate" });
    expect(await run({ config: closedConfig() })).toMatchObject({ ok: false, reason: "address-refused" });
  });
});

describe("saving and managing connections", () => {
  it("seals the password: the row holds it in no encoding, and it decrypts with the row's id", async () => {
    const connectionId = await connect({ actor: owner, mailbox: "Alice@Contoso.test" });
    // The whole row as Postgres sees it, every column included, whatever the schema adds later.
    const [raw] = await db()
      .select({ json: sql<string>`row_to_json(${exchangeConnections})::text` })
      .from(exchangeConnections)
      .where(eq(exchangeConnections.id, connectionId));
    const text = String(raw?.json);
    // Guards against a vacuous pass: the row really was read.
    expect(text).toContain("alice@contoso.test");
    for (const encoded of [
      SIM_PASSWORD,
      Buffer.from(SIM_PASSWORD).toString("base64"),
      Buffer.from(SIM_PASSWORD).toString("base64url"),
      Buffer.from(SIM_PASSWORD).toString("hex"),
    ]) {
      expect(text).not.toContain(encoded);
    }
    const [row] = await db().select().from(exchangeConnections).where(eq(exchangeConnections.id, connectionId));
    expect(row).toMatchObject({ mailboxEmail: "alice@contoso.test", impersonate: true, lastErrorReason: null });
    expect(row?.certificateFingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(decryptSecret({ sealed: row?.secret ?? "", context: connectionId, keys })).toBe(SIM_PASSWORD);
    const [listed] = (await listConnections({ actor: owner })).filter((c) => c.id === connectionId);
    expect(listed).toMatchObject({ password: "set" });
    expect(JSON.stringify(listed)).not.toContain(row?.secret ?? "-");
    expect(Object.keys(listed ?? {})).not.toContain("secret");
  });

  it("reports a password the key ring cannot open as a status, for re-test and preview alike", async () => {
    const connectionId = await connect({ actor: owner, mailbox: "lena@contoso.test" });
    const otherKeys = testKeys(); // CREDENTIALS_KEY replaced without keeping the old version
    const retest = await retestConnection({ actor: owner, connectionId, config, keys: otherKeys });
    expect(retest).toMatchObject({ ok: false, step: "account", reason: "credentials-unreadable" });
    const [row] = await db().select().from(exchangeConnections).where(eq(exchangeConnections.id, connectionId));
    expect(row?.lastErrorReason).toBe("credentials-unreadable");
    const preview = await fetchFreeBusyPreview({ actor: owner, connectionId, config, keys: otherKeys });
    expect(preview).toMatchObject({ ok: false, reason: "credentials-unreadable" });
  });

  it("refuses the same mailbox twice in one organisation", async () => {
    await connect({ actor: owner, mailbox: "chloe@contoso.test" });
    await expectAppError(connect({ actor: owner, mailbox: "CHLOE@contoso.test" }), "conflict");
  });

  it("does not save a connection whose account test fails", async () => {
    const result = await saveConnection({
      actor: owner,
      mailboxEmail: "dev@contoso.test",
      ewsUrl,
      ...account({ username: "CONTOSO\\dev", password: "nope-nope-1" }),
      config,
      keys,
    });
    expect(result).toMatchObject({ ok: false, step: "account", reason: "wrong-password" });
    const rows = await db()
      .select()
      .from(exchangeConnections)
      .where(eq(exchangeConnections.mailboxEmail, "dev@contoso.test"));
    expect(rows).toEqual([]);
  });

  it("scopes connections: members see and manage only their own; other organisations get not_found", async () => {
    // Maya signs in with the address of a simulator mailbox, so she can connect it herself.
    const maya = await addMember(owner, "member", "emma@contoso.test");
    const noah = await addMember(owner, "member");
    const admin = await addMember(owner, "admin");
    const own = (mailbox: string, extra: Partial<SaveConnectionInput> = {}) =>
      saveConnection({
        actor: maya,
        mailboxEmail: mailbox,
        ewsUrl,
        ...account({ username: "CONTOSO\\emma" }),
        config,
        keys,
        ...extra,
      });
    const saved = await own("Emma@Contoso.test");
    if (!saved.ok) throw new Error(`save failed: ${JSON.stringify(saved)}`);
    const mine = saved.connectionId;
    const orgs = await connect({ actor: admin, mailbox: "farid@contoso.test", ownerUserId: null });
    // Not her own address, someone else as owner, or through a service account: all refused.
    await expectAppError(own("grace@contoso.test"), "forbidden");
    await expectAppError(own("emma@contoso.test", { ownerUserId: noah.userId }), "forbidden");
    await expectAppError(
      own("emma@contoso.test", { username: "CONTOSO\\svc-slotbridge", impersonate: true }),
      "forbidden",
    );

    expect((await listConnections({ actor: maya })).map((c) => c.id)).toEqual([mine]);
    expect(await listConnections({ actor: noah })).toEqual([]);
    expect((await listConnections({ actor: admin })).map((c) => c.id)).toEqual(expect.arrayContaining([mine, orgs]));

    await expectAppError(retestConnection({ actor: noah, connectionId: mine, config, keys }), "not_found");
    await expectAppError(disconnectConnection({ actor: noah, connectionId: mine }), "not_found");
    await expectAppError(fetchFreeBusyPreview({ actor: noah, connectionId: mine, config, keys }), "not_found");
    await expectAppError(disconnectConnection({ actor: maya, connectionId: orgs }), "not_found");

    const stranger = await newOrganisation();
    await expectAppError(retestConnection({ actor: stranger, connectionId: mine, config, keys }), "not_found");
    await expectAppError(disconnectConnection({ actor: stranger, connectionId: orgs }), "not_found");
    expect(await listConnections({ actor: stranger })).toEqual([]);

    expect(await retestConnection({ actor: maya, connectionId: mine, config, keys })).toMatchObject({
      ok: true,
      certificateChanged: false,
    });
  });

  it("re-tests, records a failure as status only, and takes a new password only once it works", async () => {
    const connectionId = await connect({ actor: owner, mailbox: "hiro@contoso.test" });
    await callControl({
      simulator,
      method: "PUT",
      path: "/accounts/svc-slotbridge%40contoso.test/password",
      body: { password: "Rotated-Pass-2" },
    });
    expect(await retestConnection({ actor: owner, connectionId, config, keys })).toMatchObject({
      ok: false,
      step: "account",
      reason: "wrong-password",
    });
    const [failed] = await db().select().from(exchangeConnections).where(eq(exchangeConnections.id, connectionId));
    expect(failed?.lastErrorReason).toBe("wrong-password");
    expect(
      await updateConnectionPassword({ actor: owner, connectionId, password: "typo", config, keys }),
    ).toMatchObject({ ok: false, reason: "wrong-password" });
    expect(
      await updateConnectionPassword({ actor: owner, connectionId, password: "Rotated-Pass-2", config, keys }),
    ).toEqual({ ok: true });
    const [fixed] = await db().select().from(exchangeConnections).where(eq(exchangeConnections.id, connectionId));
    expect(fixed?.lastErrorReason).toBeNull();
    expect(decryptSecret({ sealed: fixed?.secret ?? "", context: connectionId, keys })).toBe("Rotated-Pass-2");
    const audit = await db()
      .select({ action: auditEvents.action, outcome: auditEvents.outcome })
      .from(auditEvents)
      .where(eq(auditEvents.targetId, connectionId))
      .orderBy(auditEvents.id);
    expect(audit.map((a) => a.action)).toEqual([
      "connection.connected",
      "connection.retested",
      "connection.password-changed",
    ]);
    expect(JSON.stringify(audit)).not.toContain("Rotated-Pass-2");
  });

  it("disconnect erases the credentials row and leaves an audit row naming the mailbox", async () => {
    const connectionId = await connect({ actor: owner, mailbox: "ines@contoso.test" });
    await disconnectConnection({ actor: owner, connectionId });
    expect(await db().select().from(exchangeConnections).where(eq(exchangeConnections.id, connectionId))).toEqual([]);
    const audit = await db()
      .select()
      .from(auditEvents)
      .where(sql`${auditEvents.detail}->>'mailbox' = 'ines@contoso.test'`)
      .orderBy(auditEvents.id);
    // The lines outlive the connection: its id (no longer naming anything) and the mailbox as their label.
    expect(audit.map((a) => [a.action, a.targetId, a.actorUserId])).toEqual([
      ["connection.connected", connectionId, owner.userId],
      ["connection.disconnected", connectionId, owner.userId],
    ]);
  });
});

describe("fetchFreeBusyPreview", () => {
  it("returns times and statuses only, asked for with the FreeBusy view", async () => {
    const connectionId = await connect({ actor: owner, mailbox: "jonas@contoso.test" });
    await callControl({ simulator, method: "DELETE", path: "/requests" });
    const now = new Date();
    const result = await fetchFreeBusyPreview({ actor: owner, connectionId, config, keys, now });
    if (!result.ok) throw new Error(result.message);
    const { slots } = result.preview;
    expect(slots.length).toBeGreaterThan(0);
    for (const slot of slots) {
      expect(Object.keys(slot).sort()).toEqual(["end", "start", "status"]);
      expect(new Date(slot.start).getTime()).toBeGreaterThanOrEqual(now.getTime());
      expect(new Date(slot.end).getTime()).toBeLessThanOrEqual(now.getTime() + 7 * 86_400_000);
    }
    const json = JSON.stringify(result);
    expect(json).not.toContain("CANARY-");
    for (const canary of eventCanaries()) expect(json).not.toContain(canary);
    const availability = (await readRequestLog(simulator)).filter((e) => e.operation === "GetUserAvailability");
    expect(availability.length).toBeGreaterThan(0);
    expect(availability.every((e) => e.requestedView === "FreeBusy")).toBe(true);
  });
});
