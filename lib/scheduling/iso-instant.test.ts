import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseIsoInstant } from "./iso-instant";

const pad = (value: number, width: number) => String(value).padStart(width, "0");

describe("parseIsoInstant", () => {
  it("agrees with Date.parse on instants in every shape it reads by hand", () => {
    fc.assert(
      fc.property(
        fc.record({
          year: fc.integer({ min: 1000, max: 9999 }),
          month: fc.integer({ min: 1, max: 12 }),
          day: fc.integer({ min: 1, max: 28 }),
          hour: fc.integer({ min: 0, max: 23 }),
          minute: fc.integer({ min: 0, max: 59 }),
          second: fc.integer({ min: 0, max: 59 }),
          fraction: fc.option(fc.stringMatching(/^[0-9]{1,9}$/)),
          offset: fc.option(
            fc.tuple(fc.constantFrom("+", "-"), fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })),
          ),
        }),
        (t) => {
          const text =
            `${pad(t.year, 4)}-${pad(t.month, 2)}-${pad(t.day, 2)}T${pad(t.hour, 2)}:${pad(t.minute, 2)}:${pad(t.second, 2)}` +
            (t.fraction === null ? "" : `.${t.fraction}`) +
            (t.offset === null ? "Z" : `${t.offset[0]}${pad(t.offset[1], 2)}:${pad(t.offset[2], 2)}`);
          expect(parseIsoInstant(text)).toBe(Date.parse(text));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("leaves everything else to Date.parse, invalid text included", () => {
    for (const text of [
      "2030-02-29T09:00:00Z",
      "2028-02-29T09:00:00Z",
      "2030-03-31T24:00:00Z",
      "2030-03-04T09:00Z",
      "2030-03-04T09:00:00",
      "2030-03-04T09:00:00.Z",
      "2030-03-04T09:00:00+0100",
      "2030-13-04T09:00:00Z",
      "2030-03-04 09:00:00Z",
      "garbage",
      "",
    ]) {
      expect(Object.is(parseIsoInstant(text), Date.parse(text)), text).toBe(true);
    }
  });
});
