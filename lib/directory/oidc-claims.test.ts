import { describe, expect, it } from "vitest";
import { subjectFromClaims } from "./oidc-claims";
import { admitByRules, roleRulesSchema } from "./role-rules";

const settings = { emailClaim: "email", groupsClaim: "groups", authoritativeDomains: ["northwind.example"] };

describe("subjectFromClaims", () => {
  it("reads the address, name and groups of a verified address", () => {
    expect(
      subjectFromClaims({
        claims: { email: "Olga@Partner.Example", email_verified: true, name: "Olga", groups: ["Slotbridge Admins", 7] },
        settings,
      }),
    ).toEqual({
      ok: true,
      name: "Olga",
      subject: { email: "olga@partner.example", groups: [{ dn: "Slotbridge Admins", name: "Slotbridge Admins" }] },
    });
  });

  it("accepts an unverified address only in a domain the provider is authoritative for", () => {
    expect(subjectFromClaims({ claims: { email: "una@partner.example", email_verified: false }, settings })).toEqual({
      ok: false,
      reason: "email-not-verified",
    });
    expect(subjectFromClaims({ claims: { email: "una@partner.example" }, settings })).toEqual({
      ok: false,
      reason: "email-not-verified",
    });
    // A subdomain is another domain.
    expect(subjectFromClaims({ claims: { email: "x@evil.northwind.example" }, settings })).toMatchObject({ ok: false });
    expect(
      subjectFromClaims({ claims: { upn: "pete@northwind.example" }, settings: { ...settings, emailClaim: "upn" } }),
    ).toMatchObject({
      ok: true,
      subject: { email: "pete@northwind.example", groups: [] },
    });
  });

  it("refuses a token without a usable address", () => {
    for (const claims of [
      {},
      { email: "" },
      { email: "not an address" },
      { email: ["a@b", "c@d"].join(" ") },
      { email: 42 },
    ]) {
      expect(subjectFromClaims({ claims, settings }), JSON.stringify(claims)).toEqual({
        ok: false,
        reason: "no-email",
      });
    }
  });

  it("feeds the role rules: a provider group gives its role", () => {
    const rules = roleRulesSchema.parse([{ match: { kind: "group", group: "Reception" }, role: "member" }]);
    const read = subjectFromClaims({ claims: { email: "pete@northwind.example", groups: ["Reception"] }, settings });
    expect(read.ok && admitByRules({ rules, subject: read.subject })).toEqual({ admitted: true, role: "member" });
  });
});
