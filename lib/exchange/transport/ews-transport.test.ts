import { describe, expect, it } from "vitest";
import type { ListenerVariant } from "@/ews-simulator/pki/variants";
import { callAvailability, captureRejection } from "@/ews-simulator/testing/availability-call";
import { startCertificateServer } from "@/ews-simulator/testing/certificate-servers";
import { callControl, setUpTestSimulator } from "@/ews-simulator/testing/test-simulator";
import { createEwsService } from "./create-ews-service";
import type { EwsAuth } from "./ews-transport";
import { getEwsTransportErrorCode } from "./transport-errors";

const PASSWORD = "Simulator-Pass-1";
const simulator = setUpTestSimulator();

function serviceFor(input: { auth: EwsAuth; variant?: ListenerVariant; trustTestCa?: boolean; timeoutMs?: number }) {
  return createEwsService({
    url: simulator.listeners[input.variant ?? "valid"].url,
    auth: input.auth,
    caPem: input.trustTestCa === false ? undefined : simulator.caPem,
    timeoutMs: input.timeoutMs ?? 5_000,
  });
}

const basic = (password = PASSWORD): EwsAuth => ({
  kind: "basic",
  username: "svc-slotbridge",
  domain: "CONTOSO",
  password,
});
const ntlm = (password = PASSWORD): EwsAuth => ({
  kind: "ntlm",
  username: "svc-slotbridge",
  domain: "CONTOSO",
  password,
});

describe("authentication through ews-javascript-api and the transport", () => {
  it.each([
    ["Basic DOMAIN\\user", basic()],
    ["Basic email", { kind: "basic", username: "alice@contoso.test", password: PASSWORD } as EwsAuth],
    ["NTLMv2 with domain", ntlm()],
    ["NTLMv2 without domain", { kind: "ntlm", username: "alice", password: PASSWORD } as EwsAuth],
  ])("%s succeeds with the right password", async (_name, auth) => {
    const result = await callAvailability({ service: serviceFor({ auth }), mailboxes: ["bob@contoso.test"] });
    expect(result.AttendeesAvailability.Count).toBe(1);
  });

  it.each([
    ["Basic", basic("wrong-password")],
    ["NTLM", ntlm("wrong-password")],
  ])("%s with a wrong password fails with 401, without the password in the error", async (_name, auth) => {
    const error = await captureRejection(() =>
      callAvailability({ service: serviceFor({ auth }), mailboxes: ["bob@contoso.test"] }),
    );
    expect(error.HttpStatusCode).toBe(401);
    expect(error.message).toBe("401 Unauthorized");
    expect(JSON.stringify(error)).not.toContain("wrong-password");
  });

  it.each([
    ["Basic", basic],
    ["NTLM", ntlm],
  ])("%s fails with 401 after a control-API password change, and works with the new one", async (_name, auth) => {
    const changed = await callControl({
      simulator,
      method: "PUT",
      path: "/accounts/svc-slotbridge%40contoso.test/password",
      body: { password: "Rotated-Pass-2" },
    });
    expect(changed.status).toBe(204);
    const error = await captureRejection(() =>
      callAvailability({ service: serviceFor({ auth: auth() }), mailboxes: ["bob@contoso.test"] }),
    );
    expect(error.HttpStatusCode).toBe(401);
    const result = await callAvailability({
      service: serviceFor({ auth: auth("Rotated-Pass-2") }),
      mailboxes: ["bob@contoso.test"],
    });
    expect(result.AttendeesAvailability.Count).toBe(1);
  });
});

describe("TLS through the transport", () => {
  it("refuses the valid listener when the test CA is not configured", async () => {
    const error = await captureRejection(() =>
      callAvailability({ service: serviceFor({ auth: ntlm(), trustTestCa: false }), mailboxes: ["bob@contoso.test"] }),
    );
    expect(getEwsTransportErrorCode(error)).toBe("tls");
    expect(error.message).toContain("UNABLE_TO_GET_ISSUER_CERT_LOCALLY");
  });

  it.each([
    ["expired", "CERT_HAS_EXPIRED"],
    ["wrong-hostname", "ERR_TLS_CERT_ALTNAME_INVALID"],
    ["self-signed", "DEPTH_ZERO_SELF_SIGNED_CERT"],
    ["missing-intermediate", "UNABLE_TO_VERIFY_LEAF_SIGNATURE"],
    ["rsa-1024", "EE_KEY_TOO_SMALL"],
  ] as const)("refuses %s (%s)", async (variant, detail) => {
    const error = await captureRejection(() =>
      callAvailability({ service: serviceFor({ auth: basic(), variant }), mailboxes: ["bob@contoso.test"] }),
    );
    expect(getEwsTransportErrorCode(error)).toBe("tls");
    expect(error.message).toContain(detail);
    expect(error.message).not.toContain("UNSPECIFIED");
    expect(JSON.stringify(error)).not.toContain(PASSWORD);
  });

  it("refuses tls-legacy as a TLS version problem, not a certificate one", async () => {
    const error = await captureRejection(() =>
      callAvailability({
        service: serviceFor({ auth: basic(), variant: "tls-legacy" }),
        mailboxes: ["bob@contoso.test"],
      }),
    );
    expect(getEwsTransportErrorCode(error)).toBe("tls_version");
    expect(error.message).toContain("protocol version");
  });

  it("refuses a CA certificate presented as the server's own as a certificate problem, not as unreachable", async () => {
    const server = await startCertificateServer("ca-as-leaf");
    try {
      const service = createEwsService({ url: server.url, auth: basic(), caPem: simulator.caPem, timeoutMs: 5_000 });
      const error = await captureRejection(() => callAvailability({ service, mailboxes: ["bob@contoso.test"] }));
      expect(getEwsTransportErrorCode(error)).toBe("tls");
      expect(error.message).toContain("INVALID_PURPOSE");
    } finally {
      await server.stop();
    }
  });
});
