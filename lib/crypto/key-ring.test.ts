import { randomBytes } from "node:crypto";
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { CredentialKeyRing, parseCredentialKeys } from "./key-ring";

const a = randomBytes(32).toString("base64");
const b = randomBytes(32).toString("base64");

function problemOf(value: string): string {
  const parsed = parseCredentialKeys(value);
  if (parsed.ok) throw new Error("expected a problem");
  return parsed.problem;
}

describe("parseCredentialKeys", () => {
  it("reads one plain base64 key as version 1", () => {
    const parsed = parseCredentialKeys(a);
    expect(parsed.ok && parsed.ring.versions).toEqual([1]);
    expect(parsed.ok && parsed.ring.keyMaterial(1)?.toString("base64")).toBe(a);
  });

  it("reads versioned keys in any order; the highest version encrypts", () => {
    for (const value of [`2:${a},1:${b}`, `1:${b}, 2:${a}`, ` 2:${a} ,1:${b}\n`]) {
      const parsed = parseCredentialKeys(value);
      if (!parsed.ok) throw new Error(parsed.problem);
      expect(parsed.ring.versions).toEqual([2, 1]);
      expect(parsed.ring.currentVersion).toBe(2);
      expect(parsed.ring.keyMaterial(2)?.toString("base64")).toBe(a);
      expect(parsed.ring.keyMaterial(1)?.toString("base64")).toBe(b);
    }
    const single = parseCredentialKeys(`7:${a}`);
    expect(single.ok && single.ring.versions).toEqual([7]);
  });

  it("accepts openssl's padded form and the unpadded one, nothing looser", () => {
    expect(parseCredentialKeys(a.replace(/=$/, "")).ok).toBe(true);
    expect(problemOf(a.replace(/\+/g, "-").replace(/\//g, "_").replace(/=$/, "x"))).toBe(
      "must be 32 random bytes, base64-encoded",
    );
  });

  it("refuses keys that are not exactly 32 bytes", () => {
    for (const bytes of [0, 16, 31, 33, 64]) {
      expect(problemOf(randomBytes(bytes).toString("base64"))).toBe("must be 32 random bytes, base64-encoded");
    }
    expect(problemOf(`2:${randomBytes(31).toString("base64")},1:${a}`)).toBe(
      "key version 2 must be 32 random bytes, base64-encoded",
    );
  });

  it("refuses a non-canonical spelling of a key (a garbled last character)", () => {
    // The last character before "=" carries 2 unused bits; setting them decodes to the same bytes.
    const last = a.at(-2) as string;
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const garbled = `${a.slice(0, -2)}${alphabet[alphabet.indexOf(last) | 1]}=`;
    if (garbled !== a) expect(problemOf(garbled)).toBe("must be 32 random bytes, base64-encoded");
  });

  it("refuses malformed lists with a message that quotes nothing of the value", () => {
    const cases: [string, string][] = [
      [`${a},${b}`, 'entry 1 has no version: versioned keys are written "2:<new key>,1:<old key>"'],
      [`2:${a},${b}`, 'entry 2 has no version: versioned keys are written "2:<new key>,1:<old key>"'],
      [`2:${a},`, "has an empty entry 2 (a stray comma?)"],
      [
        `0:${a}`,
        'entry 1 needs a version that is a positive whole number (1, 2, 3…): versioned keys are written "2:<new key>,1:<old key>"',
      ],
      [
        `-1:${a}`,
        'entry 1 needs a version that is a positive whole number (1, 2, 3…): versioned keys are written "2:<new key>,1:<old key>"',
      ],
      [
        `01:${a}`,
        'entry 1 needs a version that is a positive whole number (1, 2, 3…): versioned keys are written "2:<new key>,1:<old key>"',
      ],
      [
        `v2:${a}`,
        'entry 1 needs a version that is a positive whole number (1, 2, 3…): versioned keys are written "2:<new key>,1:<old key>"',
      ],
      [
        `1.5:${a}`,
        'entry 1 needs a version that is a positive whole number (1, 2, 3…): versioned keys are written "2:<new key>,1:<old key>"',
      ],
      [
        `2147483648:${a}`,
        'entry 1 needs a version that is a positive whole number (1, 2, 3…): versioned keys are written "2:<new key>,1:<old key>"',
      ],
      [
        `:${a}`,
        'entry 1 needs a version that is a positive whole number (1, 2, 3…): versioned keys are written "2:<new key>,1:<old key>"',
      ],
      [
        `${a}:2`,
        'entry 1 needs a version that is a positive whole number (1, 2, 3…): versioned keys are written "2:<new key>,1:<old key>"',
      ],
      [`2:${a},2:${b}`, "has key version 2 twice; each version must be unique"],
      [`2:${a},1:${a}`, "key versions 2 and 1 are the same key; a new version needs a new key"],
      [`2:${a}:${b}`, "key version 2 must be 32 random bytes, base64-encoded"],
      [`2:${a};1:${b}`, "key version 2 must be 32 random bytes, base64-encoded"],
      ["", "must be 32 random bytes, base64-encoded"],
    ];
    for (const [value, problem] of cases) {
      const found = problemOf(value);
      expect(found).toBe(problem);
      for (const key of [a, b]) expect(found).not.toContain(key.slice(0, 8));
    }
  });
});

describe("CredentialKeyRing", () => {
  it("prints and serialises its versions only, never key material", () => {
    const ring = new CredentialKeyRing([
      { version: 1, key: Buffer.from(a, "base64") },
      { version: 2, key: Buffer.from(b, "base64") },
    ]);
    const printed = `${inspect(ring)} ${inspect({ env: { CREDENTIALS_KEY: ring } }, { depth: 10 })} ${JSON.stringify(ring)} ${String(ring)}`;
    expect(printed).toContain("versions");
    for (const key of [a, b]) {
      const bytes = Buffer.from(key, "base64");
      for (const form of [key, bytes.toString("hex"), bytes.toString("base64url")]) {
        expect(printed).not.toContain(form.slice(0, 12));
      }
    }
  });

  it("copies its keys, so zeroing the caller's buffer changes nothing", () => {
    const key = randomBytes(32);
    const copy = Buffer.from(key);
    const ring = new CredentialKeyRing([{ version: 1, key }]);
    key.fill(0);
    expect(ring.keyMaterial(1)?.equals(copy)).toBe(true);
  });

  it("refuses an empty ring, wrong lengths and duplicate or invalid versions", () => {
    const key = randomBytes(32);
    expect(() => new CredentialKeyRing([])).toThrow(TypeError);
    expect(() => new CredentialKeyRing([{ version: 1, key: randomBytes(16) }])).toThrow(TypeError);
    expect(() => new CredentialKeyRing([{ version: 0, key }])).toThrow(TypeError);
    expect(() => new CredentialKeyRing([{ version: 1.5, key }])).toThrow(TypeError);
    expect(
      () =>
        new CredentialKeyRing([
          { version: 1, key },
          { version: 1, key: randomBytes(32) },
        ]),
    ).toThrow(TypeError);
  });
});
