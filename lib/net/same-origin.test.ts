import { describe, expect, it } from "vitest";
import { isSameOrigin } from "./same-origin";

describe("isSameOrigin", () => {
  const from = "https://mail.example.com/EWS/Exchange.asmx";

  it.each([
    ["https://mail.example.com/owa/", true],
    ["https://MAIL.example.com:443/EWS/Exchange.asmx", true],
    ["/EWS/Exchange.asmx?x=1", true],
    ["Exchange.asmx", true],
    ["https://mail.example.com:8443/", false],
    ["http://mail.example.com/EWS/Exchange.asmx", false],
    ["https://other.example.com/EWS/Exchange.asmx", false],
    ["//other.example.com/EWS/Exchange.asmx", false],
    ["https://mail.example.com.evil.test/", false],
    ["https://mail.example.com@evil.test/", false],
    ["https://127.0.0.1/", false],
    ["data:text/plain,hi", false],
    ["https://[::1", false],
  ])("%s → %s", (to, expected) => {
    expect(isSameOrigin({ from, to })).toBe(expected);
  });

  it("is false for an unparsable or opaque starting point", () => {
    expect(isSameOrigin({ from: "not a url", to: "https://mail.example.com/" })).toBe(false);
    expect(isSameOrigin({ from: "data:text/plain,a", to: "data:text/plain,a" })).toBe(false);
  });

  it("accepts URL objects", () => {
    expect(isSameOrigin({ from: new URL(from), to: new URL("https://mail.example.com/x") })).toBe(true);
  });
});
