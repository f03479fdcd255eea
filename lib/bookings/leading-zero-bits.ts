/**
 * How many zero bits a digest starts with: the proof-of-work measure, shared by the server's check
 * (lib/bookings/proof-of-work.ts) and the browser's solver (components/booking/proof-of-work.ts).
 */
export function leadingZeroBits(digest: Uint8Array): number {
  let bits = 0;
  for (const byte of digest) {
    if (byte === 0) {
      bits += 8;
      continue;
    }
    return bits + Math.clz32(byte) - 24;
  }
  return bits;
}
