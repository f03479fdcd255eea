import { describe, expect, it } from "vitest";
import { connectorVersionAccepted } from "./version";

describe("connectorVersionAccepted", () => {
  it("accepts the minimum and anything newer, part by part as numbers", () => {
    expect(connectorVersionAccepted("0.1.0", "0.1.0")).toBe(true);
    expect(connectorVersionAccepted("0.1.1", "0.1.0")).toBe(true);
    expect(connectorVersionAccepted("0.10.0", "0.9.3")).toBe(true);
    expect(connectorVersionAccepted("1.0.0-rc.1", "0.9.0")).toBe(true);
  });

  it("refuses older, missing and malformed versions", () => {
    expect(connectorVersionAccepted("0.9.9", "0.10.0")).toBe(false);
    expect(connectorVersionAccepted("0.1.0", "0.1.1")).toBe(false);
    expect(connectorVersionAccepted(null, "0.1.0")).toBe(false);
    expect(connectorVersionAccepted("one", "0.1.0")).toBe(false);
    expect(connectorVersionAccepted("0.1", "0.1.0")).toBe(false);
  });
});
