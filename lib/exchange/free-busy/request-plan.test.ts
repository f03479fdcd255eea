import { describe, expect, it } from "vitest";
import { coveringUtcDays, normaliseMailboxes, planRequests, splitDays } from "./request-plan";

const at = (iso: string) => new Date(iso);

describe("request planning", () => {
  it("covers a window with whole UTC days", () => {
    expect(coveringUtcDays({ start: at("2026-10-18T22:00:00Z"), end: at("2026-10-25T23:00:00Z") })).toEqual({
      start: at("2026-10-18T00:00:00Z"),
      end: at("2026-10-26T00:00:00Z"),
    });
    expect(coveringUtcDays({ start: at("2026-10-19T00:00:00Z"), end: at("2026-10-26T00:00:00Z") })).toEqual({
      start: at("2026-10-19T00:00:00Z"),
      end: at("2026-10-26T00:00:00Z"),
    });
  });

  it("splits days into pieces of at most 42", () => {
    const range = { start: at("2026-01-01T00:00:00Z"), end: at("2026-03-31T00:00:00Z") }; // 89 days
    expect(splitDays({ range, maxDays: 42 })).toEqual([
      { start: at("2026-01-01T00:00:00Z"), end: at("2026-02-12T00:00:00Z") },
      { start: at("2026-02-12T00:00:00Z"), end: at("2026-03-26T00:00:00Z") },
      { start: at("2026-03-26T00:00:00Z"), end: at("2026-03-31T00:00:00Z") },
    ]);
    const exactly = { start: at("2026-01-01T00:00:00Z"), end: at("2026-02-12T00:00:00Z") };
    expect(splitDays({ range: exactly, maxDays: 42 })).toEqual([exactly]);
  });

  it("crosses groups of 100 mailboxes with the pieces of the window", () => {
    const mailboxes = Array.from({ length: 201 }, (_, i) => `m${i}@contoso.test`);
    const plan = planRequests({
      mailboxes,
      window: { start: at("2026-01-01T00:00:00Z"), end: at("2026-02-20T00:00:00Z") },
    });
    expect(plan.map((r) => [r.group, r.mailboxes.length])).toEqual([
      [0, 100],
      [0, 100],
      [1, 100],
      [1, 100],
      [2, 1],
      [2, 1],
    ]);
  });

  it("normalises addresses: trimmed, lower-case, each once, in the order first given", () => {
    expect(normaliseMailboxes([" Bob@Contoso.test", "alice@contoso.test", "bob@contoso.test", ""])).toEqual([
      "bob@contoso.test",
      "alice@contoso.test",
    ]);
  });
});
