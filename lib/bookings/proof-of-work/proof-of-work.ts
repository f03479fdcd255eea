import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { leadingZeroBits } from "../leading-zero-bits";

// Bot protection without a third party: before booking, a client must find a nonce whose SHA-256 with a
// server-signed challenge starts with DIFFICULTY zero bits (~65,000 hashes: about a second in a browser,
// next to nothing for one customer, real cost for someone booking thousands). Challenges are signed, not
// stored; they expire, and each one is accepted once (the caller records its id).

export const PROOF_OF_WORK_DIFFICULTY = 16;
const LIFETIME_MS = 10 * 60_000;

export interface Challenge {
  challenge: string;
  difficulty: number;
}

export type ChallengeCheck =
  | { ok: true; challengeId: string }
  | { ok: false; error: "challenge_expired" | "challenge_invalid"; message: string };

function sign(input: { payload: string; secret: string }): string {
  return createHmac("sha256", input.secret).update(`pow:${input.payload}`).digest("base64url");
}

/** A fresh challenge for one page: `<page slug>.<expiry ms>.<random id>.<signature>`. */
export function issueChallenge(input: { slug: string; secret: string; now: number }): Challenge {
  const payload = `${input.slug}.${input.now + LIFETIME_MS}.${randomBytes(12).toString("base64url")}`;
  return { challenge: `${payload}.${sign({ payload, secret: input.secret })}`, difficulty: PROOF_OF_WORK_DIFFICULTY };
}

/** Whether `nonce` solves `challenge` for this page, unexpired; the id lets the caller refuse a reuse. */
export function verifyProofOfWork(input: {
  slug: string;
  challenge: string;
  nonce: string;
  secret: string;
  now: number;
}): ChallengeCheck {
  const invalid = {
    ok: false,
    error: "challenge_invalid",
    message: "The booking check failed. Please try again.",
  } as const;
  const parts = input.challenge.split(".");
  if (parts.length !== 4 || !/^\d{1,20}$/.test(input.nonce)) return invalid;
  const [slug, expiry, id, signature] = parts as [string, string, string, string];
  const expected = Buffer.from(sign({ payload: `${slug}.${expiry}.${id}`, secret: input.secret }));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected) || slug !== input.slug) return invalid;
  if (Number(expiry) < input.now) {
    return { ok: false, error: "challenge_expired", message: "The booking check expired. Please try again." };
  }
  const digest = createHash("sha256").update(`${input.challenge}:${input.nonce}`).digest();
  if (leadingZeroBits(digest) < PROOF_OF_WORK_DIFFICULTY) return invalid;
  return { ok: true, challengeId: id };
}

/** What a client does (tests and the benchmark use this; the browser has its own, on crypto.subtle). */
export function solveProofOfWork(input: Challenge): string {
  for (let nonce = 0; ; nonce++) {
    const digest = createHash("sha256").update(`${input.challenge}:${nonce}`).digest();
    if (leadingZeroBits(digest) >= input.difficulty) return String(nonce);
  }
}
