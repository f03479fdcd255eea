import { describe, expect, it } from "vitest";
import { publicJson } from "./public-http";

const slotsFor = (count: number) =>
  Array.from({ length: count }, (_, i) => ({
    start: new Date(Date.UTC(2030, 0, 7, 9) + i * 1_800_000).toISOString(),
    end: new Date(Date.UTC(2030, 0, 7, 9, 30) + i * 1_800_000).toISOString(),
  }));

describe("publicJson", () => {
  it("keeps the server's gzip off answers that fit in TCP's first window anyway, and never lets them be cached", async () => {
    const week = publicJson({ status: 200, body: { slots: slotsFor(60) } });
    expect(week.headers.get("cache-control")).toBe("no-store, no-transform");
    expect(week.headers.get("content-type")).toBe("application/json");
    expect(await week.json()).toEqual({ slots: slotsFor(60) });
  });

  it("leaves large answers (a busy month) to the server's compression", async () => {
    const month = publicJson({ status: 200, body: { slots: slotsFor(400) } });
    expect(month.headers.get("cache-control")).toBe("no-store");
    expect(((await month.json()) as { slots: unknown[] }).slots).toHaveLength(400);
  });
});
