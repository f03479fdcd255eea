/** A small seeded PRNG (mulberry32) so the seed is the same on every run. */
export interface Prng {
  next(): number;
  nextUint32(): number;
  pick<T>(items: readonly T[]): T;
}

function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export function createPrng(seed: string): Prng {
  let state = hashString(seed);
  const nextUint32 = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  return {
    nextUint32,
    next: () => nextUint32() / 4_294_967_296,
    pick<T>(items: readonly T[]): T {
      const item = items[nextUint32() % items.length];
      if (item === undefined) throw new Error("pick from an empty list");
      return item;
    },
  };
}
