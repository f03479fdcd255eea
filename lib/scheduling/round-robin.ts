// Which host takes a round-robin booking. Separate from the slot engine: the engine says who is free,
// this decides among them, deterministically, so the same inputs always give the same host.

export interface RoundRobinHost {
  readonly id: string;
  /** When the host last received a booking on this page (epoch ms); null if never. */
  readonly lastBookedAt: number | null;
  /** Higher goes first; hosts without one rank as 0. */
  readonly priority?: number;
}

/**
 * Among `hosts` whose id is in `freeHostIds`: the highest priority, then the least recently booked (never
 * booked first), then the smallest id by code units (not locale: the order must not depend on the server).
 * Null when none of them is free.
 */
export function pickRoundRobinHost(input: {
  hosts: readonly RoundRobinHost[];
  freeHostIds: readonly string[];
}): string | null {
  const free = new Set(input.freeHostIds);
  let best: RoundRobinHost | null = null;
  for (const host of input.hosts) {
    if (free.has(host.id) && (best === null || ranksBefore({ host, other: best }))) best = host;
  }
  return best?.id ?? null;
}

function ranksBefore(input: { host: RoundRobinHost; other: RoundRobinHost }): boolean {
  const { host, other } = input;
  const priority = (host.priority ?? 0) - (other.priority ?? 0);
  if (priority !== 0) return priority > 0;
  if (host.lastBookedAt !== other.lastBookedAt) {
    if (host.lastBookedAt === null) return true;
    if (other.lastBookedAt === null) return false;
    return host.lastBookedAt < other.lastBookedAt;
  }
  return host.id < other.id;
}
