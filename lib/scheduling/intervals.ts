// Interval arithmetic on epoch milliseconds, by sorted sweep: sorting is the only O(n log n) step, and
// everything after it walks its inputs once.

/** Half-open [start, end) in epoch ms (UTC instants). */
export interface TimeInterval {
  readonly start: number;
  readonly end: number;
}

/** Sorted, disjoint intervals as two parallel typed arrays: compact, and cheap to walk with a pointer. */
export interface IntervalSet {
  readonly starts: Float64Array;
  readonly ends: Float64Array;
}

/**
 * The union of the intervals whose starts and ends are given separately, each array sorted on its own.
 * Pairing does not matter for a union: the time covered at t is #(starts ≤ t) − #(ends ≤ t), so the two
 * arrays can be sorted natively (no comparator, no objects) and swept together. Touching intervals merge.
 */
export function unionOfSortedBounds(input: {
  starts: Float64Array | Int32Array;
  ends: Float64Array | Int32Array;
}): IntervalSet {
  const { starts, ends } = input;
  const count = starts.length;
  const mergedStarts = new Float64Array(count);
  const mergedEnds = new Float64Array(count);
  let merged = 0;
  let open = 0;
  let blockStart = 0;
  let i = 0;
  let j = 0;
  while (j < count) {
    const nextEnd = ends[j] as number;
    const nextStart = i < count ? (starts[i] as number) : Number.POSITIVE_INFINITY;
    // Starts before ends at equal instants, so touching intervals become one block.
    if (nextStart <= nextEnd) {
      if (open === 0) blockStart = nextStart;
      open++;
      i++;
    } else {
      open--;
      j++;
      if (open === 0) {
        mergedStarts[merged] = blockStart;
        mergedEnds[merged] = nextEnd;
        merged++;
      }
    }
  }
  return { starts: mergedStarts.subarray(0, merged), ends: mergedEnds.subarray(0, merged) };
}

/** The union of several sets, merged pairwise: linear in their total size per level, log₂(sets) levels. */
export function unionOfSets(sets: readonly IntervalSet[]): IntervalSet {
  let level = [...sets];
  if (level.length === 0) return { starts: new Float64Array(0), ends: new Float64Array(0) };
  while (level.length > 1) {
    const next: IntervalSet[] = [];
    for (let i = 0; i < level.length; i += 2) {
      const a = level[i] as IntervalSet;
      const b = level[i + 1];
      next.push(b ? unionOfTwo(a, b) : a);
    }
    level = next;
  }
  return level[0] as IntervalSet;
}

function unionOfTwo(a: IntervalSet, b: IntervalSet): IntervalSet {
  // Two sorted sets give sorted starts and sorted ends by a plain merge of each.
  return unionOfSortedBounds({ starts: mergeSorted(a.starts, b.starts), ends: mergeSorted(a.ends, b.ends) });
}

function mergeSorted(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length)
    out[k++] = (a[i] as number) <= (b[j] as number) ? (a[i++] as number) : (b[j++] as number);
  while (i < a.length) out[k++] = a[i++] as number;
  while (j < b.length) out[k++] = b[j++] as number;
  return out;
}

/** The instants inside every list, each list sorted and disjoint: a pairwise sweep, linear in the total. */
export function intersectAll(lists: readonly (readonly TimeInterval[])[]): TimeInterval[] {
  const [first, ...rest] = lists;
  if (first === undefined) return [];
  return rest.reduce<TimeInterval[]>((common, list) => intersectTwo(common, list), [...first]);
}

function intersectTwo(a: readonly TimeInterval[], b: readonly TimeInterval[]): TimeInterval[] {
  const out: TimeInterval[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as TimeInterval;
    const y = b[j] as TimeInterval;
    const start = Math.max(x.start, y.start);
    const end = Math.min(x.end, y.end);
    if (end > start) out.push({ start, end });
    if (x.end <= y.end) i++;
    else j++;
  }
  return out;
}

/** Sorted unique values from sorted-or-not lists of numbers (the union of several hosts' slot starts). */
export function sortedUnique(lists: readonly (readonly number[])[]): number[] {
  let total = 0;
  for (const list of lists) total += list.length;
  const all = new Float64Array(total);
  let at = 0;
  for (const list of lists) {
    all.set(list, at);
    at += list.length;
  }
  all.sort();
  const out: number[] = [];
  for (const value of all) if (out.length === 0 || out[out.length - 1] !== value) out.push(value);
  return out;
}
