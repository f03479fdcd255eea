import { describe, expect, it } from "vitest";
import { withHoldRetry } from "./hold-transaction";

// Postgres's error as both drivers surface it: the SQLSTATE in `code`, possibly wrapped in drizzle's error.
const deadlock = () =>
  Object.assign(new Error("Failed query"), { cause: Object.assign(new Error("deadlock detected"), { code: "40P01" }) });
const exclusion = () => Object.assign(new Error("conflicting key value"), { code: "23P01" });

describe("withHoldRetry", () => {
  it("runs a transaction Postgres aborted as a deadlock again, until it settles", async () => {
    let runs = 0;
    const result = await withHoldRetry(async () => {
      runs++;
      if (runs < 3) throw deadlock();
      return "reserved";
    });
    expect(result).toBe("reserved");
    expect(runs).toBe(3);
  });

  it("hands every other failure, an exclusion violation included, straight back", async () => {
    let runs = 0;
    await expect(
      withHoldRetry(async () => {
        runs++;
        throw exclusion();
      }),
    ).rejects.toMatchObject({ code: "23P01" });
    expect(runs).toBe(1);
  });

  it("gives up after five deadlocks in a row", async () => {
    let runs = 0;
    await expect(
      withHoldRetry(async () => {
        runs++;
        throw deadlock();
      }),
    ).rejects.toThrow("Failed query");
    expect(runs).toBe(5);
  });
});
