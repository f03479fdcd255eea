import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { x509 } from "./keys";
import { ensurePki } from "./pki";

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "slotbridge-pki-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const leafOf = (pem: string) => new x509.X509Certificate(pem.split(/(?<=-----END CERTIFICATE-----)/)[0] ?? "");

describe("test PKI", () => {
  it("keeps the CA and reissues only the leaves whose time situation changed", async () => {
    const now = new Date("2030-03-01T12:00:00Z");
    const first = await ensurePki({ dir, now });
    const again = await ensurePki({ dir, now });
    expect(again.caPem).toBe(first.caPem);
    expect(again.credentials.valid.certChainPem).toBe(first.credentials.valid.certChainPem);

    const later = new Date(now.getTime() + 400 * 86_400_000);
    const moved = await ensurePki({ dir, now: later });
    expect(moved.caPem).toBe(first.caPem);
    // The "valid" leaf was near its end and the "not-yet-valid" leaf's day had come: both are new.
    expect(moved.credentials.valid.certChainPem).not.toBe(first.credentials.valid.certChainPem);
    expect(leafOf(moved.credentials.valid.certChainPem).notAfter.getTime()).toBeGreaterThan(later.getTime());
    expect(leafOf(moved.credentials["not-yet-valid"].certChainPem).notBefore.getTime()).toBeGreaterThan(
      later.getTime(),
    );
    // An expired leaf stays expired: nothing to do.
    expect(moved.credentials.expired.certChainPem).toBe(first.credentials.expired.certChainPem);
  }, 60_000);
});
