/**
 * Where to send a user after sign-in: the `next` they arrived with, when it is a path on this app, else
 * `fallback`. `next` is resolved with the URL parser against the app's own URL and kept only when the
 * origin is unchanged; before that, anything a browser or the parser might read as another host is
 * refused outright: control characters (the parser drops tabs and newlines, so "/\t/evil.example" would
 * become "//evil.example"), backslashes (read as slashes), encoded slashes or backslashes, and anything
 * not starting with exactly one "/".
 */
export function safeNextPath(input: { next: unknown; appUrl: string; fallback: string }): string {
  const { next, fallback } = input;
  if (typeof next !== "string" || next.length === 0 || next.length > MAX_LENGTH) return fallback;
  if (UNSAFE_CHARACTERS.test(next) || ENCODED_SEPARATOR.test(next)) return fallback;
  if (!next.startsWith("/") || next.startsWith("//")) return fallback;
  const base = new URL(input.appUrl);
  let resolved: URL;
  try {
    resolved = new URL(next, base);
  } catch {
    return fallback;
  }
  if (resolved.origin !== base.origin) return fallback;
  return `${resolved.pathname}${resolved.search}${resolved.hash}`;
}

const MAX_LENGTH = 2048;
/** C0 and C1 controls, DEL, and backslashes. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const UNSAFE_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\\]/;
/** %2F (/) and %5C (\): decoded by some proxies and browsers into separators. */
const ENCODED_SEPARATOR = /%(2f|5c)/i;
