import { describe, expect, it } from "vitest";
import { clientIp } from "./client-ip";
import { hasRole } from "./roles";

describe("hasRole", () => {
  it("orders owner above admin above member", () => {
    expect(hasRole("owner", "admin")).toBe(true);
    expect(hasRole("admin", "admin")).toBe(true);
    expect(hasRole("admin", "owner")).toBe(false);
    expect(hasRole("member", "admin")).toBe(false);
    expect(hasRole("member", "member")).toBe(true);
  });
});

describe("clientIp", () => {
  it("takes the address the nearest proxy appended, not one the client wrote", () => {
    expect(clientIp(new Headers({ "x-forwarded-for": "1.2.3.4, 203.0.113.9" }))).toBe("203.0.113.9");
    expect(clientIp(new Headers({ "x-forwarded-for": "::1" }))).toBe("::1");
    expect(clientIp(new Headers())).toBe("unknown");
  });
});
