import { describe, expect, it } from "vitest";
import { admitByRules, type RoleRule, roleFromRules, roleRulesSchema } from "./role-rules";

const rules: RoleRule[] = roleRulesSchema.parse([
  { match: { kind: "group", group: "Slotbridge Admins" }, role: "admin" },
  { match: { kind: "group", group: "cn=Reception,cn=Users,dc=northwind,dc=example" }, role: "member" },
  { match: { kind: "email-domain", domain: "Branch.Northwind.Example" }, role: "member" },
]);

const person = (email: string, ...groups: string[]) => ({
  email,
  groups: groups.map((name) => ({ name, dn: `cn=${name},cn=Users,dc=northwind,dc=example` })),
});

describe("directory role rules", () => {
  it("give the highest role of every matching rule, groups by name or DN without case, domains exactly", () => {
    expect(roleFromRules({ rules, subject: person("ada@northwind.example", "slotbridge admins") })).toBe("admin");
    expect(roleFromRules({ rules, subject: person("rosa@northwind.example", "Reception") })).toBe("member");
    expect(roleFromRules({ rules, subject: person("ivan@northwind.example", "Reception", "Slotbridge Admins") })).toBe(
      "admin",
    );
    expect(roleFromRules({ rules, subject: person("bo@branch.northwind.example") })).toBe("member");
    // A subdomain of a listed domain, or a group whose name only contains a listed one, is no match.
    expect(roleFromRules({ rules, subject: person("eve@x.branch.northwind.example") })).toBeUndefined();
    expect(
      roleFromRules({ rules, subject: person("nils@northwind.example", "Slotbridge Admins Old") }),
    ).toBeUndefined();
  });

  it("refuse a person no rule matches, owners too; never demote an owner a rule matches", () => {
    expect(admitByRules({ rules, subject: person("nils@northwind.example") })).toEqual({ admitted: false });
    expect(admitByRules({ rules, subject: person("olga@northwind.example"), currentRole: "owner" })).toEqual({
      admitted: false,
    });
    expect(
      admitByRules({ rules, subject: person("olga@northwind.example", "Reception"), currentRole: "owner" }),
    ).toEqual({
      admitted: true,
      role: "owner",
    });
    // Admins and members follow the rules both ways.
    expect(
      admitByRules({ rules, subject: person("ada@northwind.example", "Reception"), currentRole: "admin" }),
    ).toEqual({
      admitted: true,
      role: "member",
    });
    expect(
      admitByRules({ rules, subject: person("rosa@northwind.example", "Slotbridge Admins"), currentRole: "member" }),
    ).toEqual({ admitted: true, role: "admin" });
  });

  it("accept admin and member rules only, with a group or a valid domain", () => {
    const refused = [
      [{ match: { kind: "group", group: "Owners" }, role: "owner" }],
      [{ match: { kind: "group", group: " " }, role: "member" }],
      [{ match: { kind: "email-domain", domain: "not a domain" }, role: "member" }],
      [{ match: { kind: "anything" }, role: "member" }],
    ];
    for (const input of refused) expect(roleRulesSchema.safeParse(input).success, JSON.stringify(input)).toBe(false);
  });
});
