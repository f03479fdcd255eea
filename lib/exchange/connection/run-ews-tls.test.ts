import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callAvailability } from "@/ews-simulator/testing/availability-call";
import { type CertificateServer, startCertificateServer } from "@/ews-simulator/testing/certificate-servers";
import { setUpTestSimulator } from "@/ews-simulator/testing/test-simulator";
import { SIM_PASSWORD, simulatorConfig } from "@/lib/calendars/test-helpers";
import { discoverEwsUrl } from "../autodiscover/autodiscover";
import type { DirectEwsAccess } from "./access";
import { runEws } from "./run-ews";

/** What every path through the gateway calls a TLS refusal: the live EWS call and autodiscover, against real TLS servers. */
const simulator = setUpTestSimulator();
let caAsLeaf: CertificateServer;

beforeAll(async () => {
  caAsLeaf = await startCertificateServer("ca-as-leaf");
});
afterAll(async () => {
  await caAsLeaf?.stop();
});

const access = (ewsUrl: string): DirectEwsAccess => ({
  ewsUrl,
  account: { username: "CONTOSO\\alice", password: SIM_PASSWORD, authMethod: "auto" },
  caPem: simulator.caPem,
  config: simulatorConfig(),
});

const call = (ewsUrl: string) =>
  runEws({ ...access(ewsUrl), call: (service) => callAvailability({ service, mailboxes: ["bob@contoso.test"] }) });

describe("TLS refusals in runEws", () => {
  it("a server that only offers TLS 1.0/1.1 is named as such, not as a certificate problem", async () => {
    const run = await call(simulator.listeners["tls-legacy"].url);
    expect(run).toEqual({
      ok: false,
      failure: {
        reason: "tls-version",
        message:
          "The Exchange server only offers TLS 1.1 or older; Slotbridge requires TLS 1.2 or newer. Enable TLS 1.2 on it (see the certificate check for how).",
      },
    });
  });

  it("a CA certificate presented as the server's own is a certificate problem, not an unreachable server", async () => {
    const run = await call(caAsLeaf.url);
    expect(run).toMatchObject({ ok: false, failure: { reason: "certificate" } });
  });

  it("certificate refusals stay certificate problems", async () => {
    for (const variant of ["missing-intermediate", "rsa-1024", "self-signed"] as const) {
      expect(await call(simulator.listeners[variant].url), variant).toMatchObject({
        ok: false,
        failure: { reason: "certificate" },
      });
    }
  });
});

describe("TLS refusals in SOAP autodiscover", () => {
  const discover = (url: string) =>
    discoverEwsUrl({
      email: "alice@contoso.test",
      autodiscoverUrl: new URL("/autodiscover/autodiscover.svc", url).toString(),
      auth: { kind: "basic", username: "alice", domain: "CONTOSO", password: SIM_PASSWORD },
      caPem: simulator.caPem,
      timeoutMs: 5_000,
    });

  it("names the TLS version and the CA-as-leaf certificate apart", async () => {
    expect(await discover(simulator.listeners["tls-legacy"].url)).toMatchObject({
      ok: false,
      failure: { reason: "transport", code: "tls_version" },
    });
    expect(await discover(caAsLeaf.url)).toMatchObject({ ok: false, failure: { reason: "transport", code: "tls" } });
  });
});
