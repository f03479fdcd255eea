import type { AvailabilityWindow, BusyBlock } from "./types";

function clip(input: { block: BusyBlock; start: number; end: number }): BusyBlock | undefined {
  const from = Math.max(Date.parse(input.block.start), input.start);
  const to = Math.min(Date.parse(input.block.end), input.end);
  if (to <= from) return undefined;
  return { start: new Date(from).toISOString(), end: new Date(to).toISOString(), status: input.block.status };
}

/**
 * A member's blocks as the grid wants them: inside the window, in order, each once. Exchange returns an
 * event overlapping a request's edge whole, so an event across two pieces of a split window arrives twice;
 * identical blocks are one (two events at the same time with the same status look the same on the grid).
 */
export function clipToWindow(input: { blocks: readonly BusyBlock[]; window: AvailabilityWindow }): BusyBlock[] {
  const start = input.window.start.getTime();
  const end = input.window.end.getTime();
  const unique = new Map<string, BusyBlock>();
  for (const block of input.blocks) {
    const clipped = clip({ block, start, end });
    if (clipped) unique.set(`${clipped.start}/${clipped.end}/${clipped.status}`, clipped);
  }
  return [...unique.values()].sort(
    (a, b) => a.start.localeCompare(b.start) || a.end.localeCompare(b.end) || a.status.localeCompare(b.status),
  );
}
