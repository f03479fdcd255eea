import { solveProofOfWork } from "./proof-of-work";
import { type ApiFailure, fetchChallenge } from "./public-api";

export interface Proof {
  challenge: string;
  nonce: string;
}

/** A fresh challenge from the server, solved: what a booking request must carry. */
export async function prepareProof(input: {
  slug: string;
  signal?: AbortSignal;
}): Promise<{ ok: true; value: Proof } | ApiFailure> {
  const issued = await fetchChallenge(input);
  if (!issued.ok) return issued;
  const nonce = await solveProofOfWork({ ...issued.value, signal: input.signal });
  return { ok: true, value: { challenge: issued.value.challenge, nonce } };
}
