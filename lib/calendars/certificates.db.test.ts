import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ListenerVariant } from "@/ews-simulator/pki/variants";
import type { RunningSimulator } from "@/ews-simulator/simulator";
import { startCertificateServer } from "@/ews-simulator/testing/certificate-servers";
import { startTestSimulator, TEST_PKI_DIR } from "@/ews-simulator/testing/test-simulator";
import type { CurrentUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { auditEvents } from "@/lib/db/schema";
import { createTestDatabase } from "@/lib/db/testing";
import { addMember, newOrganisation } from "@/lib/organisations/test-helpers";
import { expectAppError } from "@/testing/expect-app-error";
import {
  addOrganisationCa,
  listOrganisationCas,
  loadTrustBundle,
  removeOrganisationCa,
} from "./certificate-authorities";
import { checkServerCertificate } from "./server-certificate";
import { closedConfig, simulatorConfig } from "./test-helpers";

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let simulator: RunningSimulator;
/** An organisation whose owner uploaded the simulator's root CA. */
let trusting: CurrentUser;
/** An organisation that trusts nothing extra. */
let plain: CurrentUser;

beforeAll(async () => {
  [database, simulator] = await Promise.all([createTestDatabase(), startTestSimulator()]);
  trusting = await newOrganisation();
  plain = await newOrganisation();
  await addOrganisationCa({ actor: trusting, pem: simulator.caPem });
});
afterAll(async () => {
  await simulator?.stop();
  await database?.drop();
});

const urlOf = (variant: ListenerVariant) => simulator.listeners[variant].url;

describe("checkServerCertificate", () => {
  it("accepts the valid chain when the organisation uploaded the simulator CA", async () => {
    const report = await checkServerCertificate({
      organisationId: trusting.organisationId,
      ewsUrl: urlOf("valid"),
      config: simulatorConfig(),
    });
    expect(report.ok).toBe(true);
    if (report.ok) expect(report.fingerprintSha256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  });

  it("refuses the same server for an organisation that trusts no extra CA", async () => {
    const report = await checkServerCertificate({
      organisationId: plain.organisationId,
      ewsUrl: urlOf("valid"),
      config: simulatorConfig(),
    });
    expect(report).toMatchObject({ ok: false, reason: "untrusted-issuer" });
  });

  it("accepts it through EXCHANGE_CA_FILE alone", async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), "slotbridge-ca-")), "root-ca.pem");
    writeFileSync(file, simulator.caPem);
    const report = await checkServerCertificate({
      organisationId: plain.organisationId,
      ewsUrl: urlOf("valid"),
      config: simulatorConfig({ caFile: file }),
    });
    expect(report.ok).toBe(true);
  });

  it.each([
    ["missing-intermediate", "incomplete-chain"],
    ["self-signed", "self-signed"],
    ["expired", "expired"],
    ["not-yet-valid", "not-yet-valid"],
    ["wrong-hostname", "hostname-mismatch"],
    ["untrusted-ca", "untrusted-issuer"],
    ["rsa-1024", "weak-key"],
    ["tls-legacy", "tls-too-old"],
    ["plain-http", "no-tls"],
  ] as const)("refuses %s as %s, even with the CA trusted", async (variant, reason) => {
    const report = await checkServerCertificate({
      organisationId: trusting.organisationId,
      ewsUrl: urlOf(variant),
      config: simulatorConfig(),
    });
    expect(report).toMatchObject({ ok: false, reason });
  });

  it("names a CA certificate the server presents as its own, even with that CA's root uploaded", async () => {
    const server = await startCertificateServer("ca-as-leaf");
    try {
      const report = await checkServerCertificate({
        organisationId: trusting.organisationId,
        ewsUrl: server.url,
        config: simulatorConfig(),
      });
      expect(report).toMatchObject({ ok: false, reason: "not-a-server-certificate", nodeCode: "INVALID_PURPOSE" });
      expect(!report.ok && report.message).toContain("the certificate of a certificate authority");
    } finally {
      await server.stop();
    }
  });

  it("refuses loopback before connecting when it is not allow-listed", async () => {
    for (const url of [urlOf("valid"), urlOf("valid").replace("localhost", "127.0.0.1")]) {
      const report = await checkServerCertificate({
        organisationId: trusting.organisationId,
        ewsUrl: url,
        config: closedConfig(),
      });
      expect(report).toMatchObject({
        ok: false,
        reason: "address-refused",
        policyReason: "loopback",
        certificate: null,
      });
      expect(!report.ok && report.message).toContain("EXCHANGE_ALLOWED_HOSTS");
    }
  });

  it("refuses the cloud metadata address", async () => {
    const report = await checkServerCertificate({
      organisationId: trusting.organisationId,
      ewsUrl: "https://169.254.169.254/EWS/Exchange.asmx",
      config: simulatorConfig(),
    });
    expect(report).toMatchObject({ ok: false, reason: "address-refused", policyReason: "link-local" });
  });
});

describe("organisation certificate authorities", () => {
  it("refuses a server (leaf) certificate with a clear message", async () => {
    const leaf = readFileSync(path.join(TEST_PKI_DIR, "leaf-valid.pem"), "utf8");
    await expectAppError(
      addOrganisationCa({ actor: plain, pem: leaf }),
      "invalid_input",
      "not a certificate authority",
    );
  });

  it("refuses garbage and broken PEM", async () => {
    await expectAppError(addOrganisationCa({ actor: plain, pem: "hello" }), "invalid_input", "not a PEM");
    await expectAppError(
      addOrganisationCa({ actor: plain, pem: "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----" }),
      "invalid_input",
      "could not be read",
    );
  });

  it("is for owners only, refuses duplicates, and is audited", async () => {
    const admin = await addMember(plain, "admin");
    await expectAppError(addOrganisationCa({ actor: admin, pem: simulator.caPem }), "forbidden");
    await expectAppError(addOrganisationCa({ actor: trusting, pem: simulator.caPem }), "conflict");
    const audit = await db()
      .select({ action: auditEvents.action, outcome: auditEvents.outcome })
      .from(auditEvents)
      .where(eq(auditEvents.organisationId, trusting.organisationId));
    expect(audit).toContainEqual({ action: "certificate-authority.added", outcome: expect.stringContaining("CN=") });
  });

  it("is scoped to its organisation and removable", async () => {
    const other = await newOrganisation();
    const added = await addOrganisationCa({ actor: other, pem: simulator.caPem });
    expect(await loadTrustBundle({ organisationId: other.organisationId, config: closedConfig() })).toContain(
      "BEGIN CERTIFICATE",
    );
    expect(await loadTrustBundle({ organisationId: plain.organisationId, config: closedConfig() })).toBeUndefined();
    await expectAppError(removeOrganisationCa({ actor: trusting, caId: added.id }), "not_found");
    await removeOrganisationCa({ actor: other, caId: added.id });
    expect(await listOrganisationCas({ actor: other })).toEqual([]);
  });
});
