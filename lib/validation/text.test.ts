import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  BIDI_MESSAGE,
  BROKEN_MESSAGE,
  CONTROL_MESSAGE,
  findUnsafeCharacter,
  multiLineText,
  nameText,
  SINGLE_LINE_MESSAGE,
  singleLineText,
} from "./text";

const messagesOf = (result: { success: boolean; error?: { issues: { message: string }[] } }) =>
  result.error?.issues.map((issue) => issue.message) ?? [];

describe("findUnsafeCharacter", () => {
  const single = { multiLine: false, bidi: true };
  const multi = { multiLine: true, bidi: true };
  const name = { multiLine: false, bidi: false };

  it("refuses NUL, every other C0 control, DEL and the C1 controls everywhere", () => {
    const controls = [
      ...Array.from({ length: 0x20 }, (_, code) => code).filter((code) => ![0x09, 0x0a, 0x0d].includes(code)),
      ...Array.from({ length: 0x21 }, (_, i) => 0x7f + i),
    ];
    for (const code of controls) {
      const text = `a${String.fromCharCode(code)}b`;
      for (const options of [single, multi, name]) {
        expect(findUnsafeCharacter({ text, ...options }), code.toString(16)).toBe("control");
      }
    }
  });

  it("allows tab and line breaks only in multi-line text; U+2028/U+2029 are line breaks too", () => {
    for (const text of ["a\tb", "a\nb", "a\r\nb", "a\u2028b", "a\u2029b"]) {
      expect(findUnsafeCharacter({ text, ...single })).toBe("line-break");
      expect(findUnsafeCharacter({ text, ...name })).toBe("line-break");
      expect(findUnsafeCharacter({ text, ...multi })).toBeNull();
    }
  });

  it("refuses bidi embeddings, overrides and isolates in names only, and keeps the implicit marks", () => {
    for (const code of [0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069]) {
      const text = `Cara${String.fromCharCode(code)}txt.exe`;
      expect(findUnsafeCharacter({ text, ...name })).toBe("bidi");
      expect(findUnsafeCharacter({ text, ...single })).toBeNull();
    }
    expect(findUnsafeCharacter({ text: "שלום\u200F Cara\u200E", ...name })).toBeNull();
  });

  it("refuses unpaired surrogates and keeps paired ones (emoji, rare scripts)", () => {
    expect(findUnsafeCharacter({ text: "a\uD83Db", ...multi })).toBe("broken");
    expect(findUnsafeCharacter({ text: "a\uDE00", ...multi })).toBe("broken");
    expect(findUnsafeCharacter({ text: "Cara 😀 𠜎", ...name })).toBeNull();
  });

  it("accepts any text without those characters", () => {
    const unsafe = /[\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069]|\p{Cs}/u;
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 40 }), (text) => {
        fc.pre(!unsafe.test(text));
        expect(findUnsafeCharacter({ text, ...name })).toBeNull();
      }),
      { numRuns: 300 },
    );
  });
});

describe("the schemas", () => {
  it("trim first, so a pasted trailing line break is not a mistake, then refuse with a message", () => {
    expect(nameText().parse("  Cara Customer\n")).toBe("Cara Customer");
    expect(messagesOf(nameText().safeParse("Cara\u0000"))).toEqual([CONTROL_MESSAGE]);
    expect(messagesOf(nameText().safeParse("Cara\nEvil"))).toEqual([SINGLE_LINE_MESSAGE]);
    expect(messagesOf(nameText().safeParse("Cara\u202Egnp.exe"))).toEqual([BIDI_MESSAGE]);
    expect(messagesOf(singleLineText().safeParse("50%\u0000"))).toEqual([CONTROL_MESSAGE]);
    expect(messagesOf(multiLineText().safeParse("a\uD800"))).toEqual([BROKEN_MESSAGE]);
    expect(multiLineText().parse("Line one\r\n\tline two ")).toBe("Line one\r\n\tline two");
  });

  it("stay plain strings, so callers chain their own limits and messages", () => {
    const title = nameText().min(1, "Give it a title.").max(5, "Too long.");
    expect(messagesOf(title.safeParse("   "))).toEqual(["Give it a title."]);
    expect(messagesOf(title.safeParse("\u0000abcdef"))).toEqual([CONTROL_MESSAGE, "Too long."]);
  });
});
