import { describe, expect, it } from "vitest";
import { safeNextPath } from "./next-path";

const appUrl = "https://slotbridge.example.com";
const fallback = "/calendars";
const resolve = (next: unknown) => safeNextPath({ next, appUrl, fallback });

describe("safeNextPath", () => {
  it.each([
    ["/bookings", "/bookings"],
    ["/bookings?status=upcoming&q=ann", "/bookings?status=upcoming&q=ann"],
    ["/team/123#week", "/team/123#week"],
    ["/booking-pages/../settings", "/settings"],
  ])("keeps the app's own path %j", (next, expected) => {
    expect(resolve(next)).toBe(expected);
  });

  it.each([
    ["a tab before a second slash", "/\t/127.0.0.2:9/x"],
    ["a newline before a second slash", "/\n/evil.example/x"],
    ["a carriage return", "/\r/evil.example"],
    ["a NUL", "/\u0000/evil.example"],
    ["a C1 control", "/\u0085/evil.example"],
    ["a protocol-relative URL", "//evil.example/x"],
    ["a backslash", "/\\evil.example"],
    ["backslashes only", "\\\\evil.example"],
    ["an encoded slash", "/%2F/evil.example"],
    ["an encoded backslash", "/%5cevil.example"],
    ["an absolute URL", "https://evil.example/"],
    ["the app's own absolute URL", "https://slotbridge.example.com/bookings"],
    ["a javascript URL", "javascript:alert(1)"],
    ["a relative path", "bookings"],
    ["an empty string", ""],
    ["a very long path", `/${"a".repeat(3000)}`],
    ["not a string", ["/bookings"]],
    ["nothing", null],
  ])("sends %s to the default page", (_name, next) => {
    expect(resolve(next)).toBe(fallback);
  });
});
