import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { intersectAll, sortedUnique, type TimeInterval, unionOfSortedBounds } from "./intervals";

const interval = fc
  .tuple(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 40 }))
  .map(([start, length]) => ({ start, end: start + length }));

const covered = (intervals: readonly TimeInterval[], t: number) => intervals.some((i) => i.start <= t && t < i.end);

const union = (intervals: readonly TimeInterval[]) => {
  const set = unionOfSortedBounds({
    starts: Float64Array.from(intervals.map((i) => i.start)).sort(),
    ends: Float64Array.from(intervals.map((i) => i.end)).sort(),
  });
  return Array.from(set.starts, (start, i) => ({ start, end: set.ends[i] as number }));
};

describe("unionOfSortedBounds", () => {
  it("merges overlapping and touching intervals, whatever their order", () => {
    expect(
      union([
        { start: 5, end: 9 },
        { start: 1, end: 3 },
        { start: 2, end: 4 },
        { start: 4, end: 5 },
        { start: 20, end: 21 },
      ]),
    ).toEqual([
      { start: 1, end: 9 },
      { start: 20, end: 21 },
    ]);
  });

  it("covers exactly the instants the intervals cover, as sorted, disjoint, non-touching blocks", () => {
    fc.assert(
      fc.property(fc.array(interval, { maxLength: 30 }), (intervals) => {
        const merged = union(intervals);
        for (let t = 0; t <= 240; t++) expect(covered(merged, t)).toBe(covered(intervals, t));
        merged.forEach((block, i) => {
          expect(block.end).toBeGreaterThanOrEqual(block.start);
          if (i > 0) expect(block.start).toBeGreaterThan((merged[i - 1] as TimeInterval).end);
        });
      }),
    );
  });
});

describe("intersectAll", () => {
  it("keeps the instants inside every list", () => {
    const sortedDisjoint = fc.array(interval, { maxLength: 10 }).map(union);
    fc.assert(
      fc.property(fc.array(sortedDisjoint, { minLength: 1, maxLength: 4 }), (lists) => {
        const common = intersectAll(lists);
        for (let t = 0; t <= 240; t++) expect(covered(common, t)).toBe(lists.every((list) => covered(list, t)));
      }),
    );
  });
});

describe("sortedUnique", () => {
  it("sorts numerically and drops repeats", () => {
    expect(sortedUnique([[10, 2], [2, 33, 10], []])).toEqual([2, 10, 33]);
  });
});
