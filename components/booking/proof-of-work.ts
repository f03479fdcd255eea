// The browser's half of the booking page's bot protection (the server's is lib/bookings/proof-of-work.ts):
// find a decimal nonce such that SHA-256 of `${challenge}:${nonce}` starts with `difficulty` zero bits.
// Hashes run in small batches with a yield between them, so typing in the form never stutters.

import { leadingZeroBits } from "@/lib/bookings/leading-zero-bits";

const BATCH = 1024;

function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** The first nonce that solves the challenge; rejects with an AbortError when `signal` aborts. */
export async function solveProofOfWork(input: {
  challenge: string;
  difficulty: number;
  signal?: AbortSignal;
}): Promise<string> {
  const encoder = new TextEncoder();
  for (let base = 0; ; base += BATCH) {
    input.signal?.throwIfAborted();
    const digests = await Promise.all(
      Array.from({ length: BATCH }, (_, i) =>
        crypto.subtle.digest("SHA-256", encoder.encode(`${input.challenge}:${base + i}`)),
      ),
    );
    const found = digests.findIndex((digest) => leadingZeroBits(new Uint8Array(digest)) >= input.difficulty);
    if (found >= 0) return String(base + found);
    await nextTask();
  }
}
