import { describe, expect, it } from "vitest";
import { issueChallenge, PROOF_OF_WORK_DIFFICULTY, solveProofOfWork, verifyProofOfWork } from "./proof-of-work";

const secret = "a-secret-of-at-least-thirty-two-characters";
const now = Date.parse("2030-03-04T09:00:00Z");

describe("proof of work", () => {
  const issued = issueChallenge({ slug: "intro-call", secret, now });
  const nonce = solveProofOfWork(issued);

  it("accepts a solved, signed, unexpired challenge for its own page", () => {
    expect(issued.difficulty).toBe(PROOF_OF_WORK_DIFFICULTY);
    const check = verifyProofOfWork({ slug: "intro-call", challenge: issued.challenge, nonce, secret, now });
    expect(check.ok).toBe(true);
  });

  it("refuses an unsolved nonce, another page, a forged signature and another secret", () => {
    const base = { slug: "intro-call", challenge: issued.challenge, nonce, secret, now };
    // Some nonce below the solution fails: the solver returns the first one that works.
    expect(Number(nonce)).toBeGreaterThan(0);
    expect(verifyProofOfWork({ ...base, nonce: String(Number(nonce) - 1) })).toMatchObject({
      ok: false,
      error: "challenge_invalid",
    });
    expect(verifyProofOfWork({ ...base, slug: "other-page" })).toMatchObject({ ok: false, error: "challenge_invalid" });
    expect(verifyProofOfWork({ ...base, secret: `${secret}!` })).toMatchObject({
      ok: false,
      error: "challenge_invalid",
    });
    const [slug, expiry, id] = issued.challenge.split(".");
    const forged = `${slug}.${Number(expiry) + 86_400_000}.${id}.${"A".repeat(43)}`;
    expect(verifyProofOfWork({ ...base, challenge: forged })).toMatchObject({ ok: false, error: "challenge_invalid" });
    expect(verifyProofOfWork({ ...base, nonce: "12e3" })).toMatchObject({ ok: false, error: "challenge_invalid" });
  });

  it("says a challenge expired after ten minutes", () => {
    const later = now + 10 * 60_000 + 1;
    expect(
      verifyProofOfWork({ slug: "intro-call", challenge: issued.challenge, nonce, secret, now: later }),
    ).toMatchObject({
      ok: false,
      error: "challenge_expired",
    });
  });
});
