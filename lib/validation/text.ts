import { z } from "zod";

// Text as people type it, checked where it enters (forms, the public API, the Bookings search) before it
// reaches Postgres, Exchange, mail or a CSV. Postgres refuses NUL in text, so NUL answered 500; other
// control characters corrupt what they are written into (an ICS line, a CSV cell, a mail header), and
// bidi overrides make a name read as something other than what it is. Refused with a message, never
// stripped: what is stored is what the person sent, or nothing.

export const SINGLE_LINE_MESSAGE = "Please use one line, without tabs or control characters.";
export const CONTROL_MESSAGE = "Please remove the control characters (such as NUL) from this text.";
export const BIDI_MESSAGE =
  "Please remove the text-direction control characters (U+202A–U+202E, U+2066–U+2069) from this text.";
export const BROKEN_MESSAGE = "This text contains a broken character; please type it again.";

export type UnsafeCharacter = "line-break" | "control" | "bidi" | "broken";

/**
 * The first kind of character `text` may not hold, or null. Always refused: C0 controls (NUL among them),
 * DEL, C1 controls and unpaired surrogates (not characters, and not encodable as UTF-8). Tab, line feed
 * and carriage return only in multi-line text; U+2028/U+2029 never in one line; bidi embeddings,
 * overrides and isolates when `bidi` is false.
 */
export function findUnsafeCharacter(input: {
  text: string;
  multiLine: boolean;
  bidi: boolean;
}): UnsafeCharacter | null {
  for (const character of input.text) {
    const code = character.codePointAt(0) ?? 0;
    if (code === 0x09 || code === 0x0a || code === 0x0d || code === 0x2028 || code === 0x2029) {
      if (!input.multiLine) return "line-break";
    } else if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) {
      return "control";
    } else if (code >= 0xd800 && code <= 0xdfff) {
      return "broken";
    } else if (!input.bidi && ((code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069))) {
      return "bidi";
    }
  }
  return null;
}

const MESSAGES: Record<UnsafeCharacter, string> = {
  "line-break": SINGLE_LINE_MESSAGE,
  control: CONTROL_MESSAGE,
  bidi: BIDI_MESSAGE,
  broken: BROKEN_MESSAGE,
};

function checkedText(options: { multiLine: boolean; bidi: boolean }): z.ZodString {
  return z
    .string()
    .trim()
    .check((ctx) => {
      const found = findUnsafeCharacter({ text: ctx.value, ...options });
      if (found) ctx.issues.push({ code: "custom", message: MESSAGES[found], input: ctx.value });
    });
}

/** One line of text (a search, an email subject line, an answer): trimmed, no tabs, breaks or controls. */
export function singleLineText(): z.ZodString {
  return checkedText({ multiLine: false, bidi: true });
}

/** Text that may run over lines (notes, a description, a reason): trimmed, tabs and breaks allowed. */
export function multiLineText(): z.ZodString {
  return checkedText({ multiLine: true, bidi: true });
}

/**
 * A name other people read (a customer, a member, an organisation, a page title, a group): one line, and
 * no bidi embeddings, overrides or isolates, which could make it display as another name. Right-to-left
 * scripts need none of them; the implicit marks U+200E/U+200F stay allowed.
 */
export function nameText(): z.ZodString {
  return checkedText({ multiLine: false, bidi: false });
}
