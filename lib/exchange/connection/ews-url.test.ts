import { describe, expect, it } from "vitest";
import { parseEwsUrl } from "./ews-url";

describe("parseEwsUrl", () => {
  it("accepts https EWS URLs whatever the path's case", () => {
    expect(parseEwsUrl("https://mail.example.com/EWS/Exchange.asmx").ok).toBe(true);
    expect(parseEwsUrl(" https://mail.example.com:8443/ews/exchange.ASMX ").ok).toBe(true);
  });

  it.each([
    ["http://mail.example.com/EWS/Exchange.asmx", "https:"],
    ["https://mail.example.com/owa/", "/EWS/Exchange.asmx"],
    ["https://user:pw@mail.example.com/EWS/Exchange.asmx", "user name"],
    ["https://mail.example.com/EWS/Exchange.asmx?x=1", "query"],
    ["mail.example.com", "full URL"],
  ])("refuses %s", (value, words) => {
    const result = parseEwsUrl(value);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(words);
  });
});
