import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { leadingZeroBits } from "@/lib/bookings/leading-zero-bits";
import { solveProofOfWork } from "./proof-of-work";

/** The obvious solver, on Node's own SHA-256: the first nonce counting up from 0. */
function solveOnServerSide(input: { challenge: string; difficulty: number }): string {
  for (let nonce = 0; ; nonce++) {
    const digest = createHash("sha256").update(`${input.challenge}:${nonce}`).digest();
    if (leadingZeroBits(digest) >= input.difficulty) return String(nonce);
  }
}

describe("the browser's proof of work", () => {
  it("counts leading zero bits", () => {
    expect(leadingZeroBits(new Uint8Array([0, 0, 0x80]))).toBe(16);
    expect(leadingZeroBits(new Uint8Array([0, 0x0f]))).toBe(12);
    expect(leadingZeroBits(new Uint8Array([0xff]))).toBe(0);
  });

  it("finds the same first nonce as the obvious solver, and it verifies", async () => {
    for (const challenge of ["page.1800000000000.abc.sig", "another-challenge"]) {
      const nonce = await solveProofOfWork({ challenge, difficulty: 12 });
      expect(nonce).toBe(solveOnServerSide({ challenge, difficulty: 12 }));
      const digest = createHash("sha256").update(`${challenge}:${nonce}`).digest();
      expect(leadingZeroBits(digest)).toBeGreaterThanOrEqual(12);
    }
  });

  it("stops when aborted", async () => {
    const abort = new AbortController();
    const solving = solveProofOfWork({ challenge: "never", difficulty: 64, signal: abort.signal });
    abort.abort();
    await expect(solving).rejects.toThrow();
  });
});
