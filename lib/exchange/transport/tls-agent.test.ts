import type https from "node:https";
import tls from "node:tls";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ensurePki } from "@/ews-simulator/pki/pki";
import type { ListenerVariant } from "@/ews-simulator/pki/variants";
import { callAvailability, captureRejection } from "@/ews-simulator/testing/availability-call";
import { setUpTestSimulator, TEST_PKI_DIR } from "@/ews-simulator/testing/test-simulator";
import { createEwsService } from "./create-ews-service";
import { getEwsSecureContext, secureContextKey } from "./secure-context";
import { createEwsAgent } from "./tls-agent";
import { getEwsTransportErrorCode } from "./transport-errors";

const simulator = setUpTestSimulator();

/** The simulator's unrelated root (it signs the untrusted-ca listener's leaf): a bundle that is not the test CA. */
async function unrelatedRootPem(): Promise<string> {
  const pki = await ensurePki({ dir: TEST_PKI_DIR });
  const chain = pki.credentials["untrusted-ca"].certChainPem.match(
    /-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g,
  );
  const root = chain?.at(-1);
  if (!root || root.trim() === simulator.caPem.trim()) throw new Error("no unrelated root in the test PKI");
  return `${root}\n`;
}

const contextOf = (agent: https.Agent) => agent.options.secureContext;

async function callWith(input: { caPem: string | undefined; variant: ListenerVariant }) {
  const agent = createEwsAgent({ caPem: input.caPem });
  try {
    return await callAvailability({
      service: createEwsService({
        url: simulator.listeners[input.variant].url,
        auth: { kind: "ntlm", username: "svc-slotbridge", domain: "CONTOSO", password: "Simulator-Pass-1" },
        agent,
        timeoutMs: 5_000,
      }),
      mailboxes: ["bob@contoso.test"],
    });
  } finally {
    agent.destroy();
  }
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("one secure context per CA bundle", () => {
  it("gives agents for the same bundle one context, and another bundle or none a different one", async () => {
    const other = await unrelatedRootPem();
    const first = contextOf(createEwsAgent({ caPem: simulator.caPem }));
    expect(first?.context).toBeDefined();
    expect(contextOf(createEwsAgent({ caPem: simulator.caPem, keepAlive: false }))).toBe(first);
    expect(contextOf(createEwsAgent({ caPem: other }))).not.toBe(first);
    expect(contextOf(createEwsAgent({ caPem: other }))).toBe(contextOf(createEwsAgent({ caPem: other })));
    expect(contextOf(createEwsAgent())).not.toBe(first);
    expect(contextOf(createEwsAgent({ caPem: "" }))).toBe(contextOf(createEwsAgent()));
    expect(secureContextKey({})).toBe("public-roots-only");
    expect(secureContextKey({ caPem: simulator.caPem })).toMatch(/^[0-9a-f]{64}$/);
  });

  it("keeps the 64 most recently used bundles", () => {
    const kept = getEwsSecureContext({ caPem: "bundle 0" });
    for (let i = 1; i <= 64; i++) {
      getEwsSecureContext({ caPem: `bundle ${i}` });
      // Used again each round, so never the least recently used one.
      expect(getEwsSecureContext({ caPem: "bundle 0" })).toBe(kept);
    }
    const evicted = getEwsSecureContext({ caPem: "bundle 1" });
    expect(getEwsSecureContext({ caPem: "bundle 1" })).toBe(evicted);
    expect(getEwsSecureContext({ caPem: "bundle 0" })).toBe(kept);
  });

  it("builds no CA store per connection once the bundle's context exists (NTLM included)", async () => {
    getEwsSecureContext({ caPem: simulator.caPem });
    const build = vi.spyOn(tls, "createSecureContext");
    for (let i = 0; i < 3; i++) {
      expect((await callWith({ caPem: simulator.caPem, variant: "valid" })).AttendeesAvailability.Count).toBe(1);
    }
    expect(build).not.toHaveBeenCalled();
    // The spy does see a build: a bundle not met before gets its context once.
    createEwsAgent({ caPem: `${simulator.caPem}\n` }).destroy();
    createEwsAgent({ caPem: `${simulator.caPem}\n` }).destroy();
    expect(build).toHaveBeenCalledTimes(1);
  });
});

describe("verification with a cached context", () => {
  it("still refuses a server whose CA is not in the bundle, and trusts it only under its own bundle", async () => {
    const other = await unrelatedRootPem();
    // Each context exists and has served a verified connection before the refusals below.
    expect((await callWith({ caPem: simulator.caPem, variant: "valid" })).AttendeesAvailability.Count).toBe(1);
    expect((await callWith({ caPem: other, variant: "untrusted-ca" })).AttendeesAvailability.Count).toBe(1);
    getEwsSecureContext({});
    const build = vi.spyOn(tls, "createSecureContext");

    const notInBundle = await captureRejection(() => callWith({ caPem: other, variant: "valid" }));
    expect(getEwsTransportErrorCode(notInBundle)).toBe("tls");
    expect(notInBundle.message).toContain("UNABLE_TO_GET_ISSUER_CERT_LOCALLY");

    const otherRoot = await captureRejection(() => callWith({ caPem: simulator.caPem, variant: "untrusted-ca" }));
    expect(getEwsTransportErrorCode(otherRoot)).toBe("tls");
    expect(otherRoot.message).toContain("SELF_SIGNED_CERT_IN_CHAIN");

    const publicRootsOnly = await captureRejection(() => callWith({ caPem: undefined, variant: "valid" }));
    expect(publicRootsOnly.message).toContain("UNABLE_TO_GET_ISSUER_CERT_LOCALLY");
    expect(build).not.toHaveBeenCalled();
  });

  it.each([
    ["expired", "CERT_HAS_EXPIRED"],
    ["wrong-hostname", "ERR_TLS_CERT_ALTNAME_INVALID"],
    ["self-signed", "DEPTH_ZERO_SELF_SIGNED_CERT"],
    ["rsa-1024", "EE_KEY_TOO_SMALL"],
    ["tls-legacy", "protocol version"],
  ] as const)("still refuses %s (%s) through the trusted bundle's context", async (variant, detail) => {
    expect((await callWith({ caPem: simulator.caPem, variant: "valid" })).AttendeesAvailability.Count).toBe(1);
    const error = await captureRejection(() => callWith({ caPem: simulator.caPem, variant }));
    expect(getEwsTransportErrorCode(error)).toBe(variant === "tls-legacy" ? "tls_version" : "tls");
    expect(error.message).toContain(detail);
  });
});
