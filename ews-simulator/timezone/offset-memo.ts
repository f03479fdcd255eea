import type { Zone } from "luxon";

/**
 * luxon asks Intl for a zone's offset on every call (several microseconds each), and the
 * simulator asks for the same instants over and over: every availability request renders the
 * same seeded occurrences. A zone's offset is a pure function of the instant, so remembering
 * it per exact millisecond gives the same answers. The map is emptied when it gets large, so a
 * long run over ever-new instants stays bounded.
 */
const MAX_REMEMBERED = 100_000;

export function memoizeOffsets(zone: Zone): (utc: number) => number {
  const known = new Map<number, number>();
  return (utc) => {
    let offset = known.get(utc);
    if (offset === undefined) {
      if (known.size >= MAX_REMEMBERED) known.clear();
      offset = zone.offset(utc);
      known.set(utc, offset);
    }
    return offset;
  };
}
