/** Characters XML 1.0 cannot carry even escaped (control characters, lone surrogates). */
const NOT_XML_CHARACTERS = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };

/**
 * A string as ews-javascript-api must be given it: the library pastes values into the request unescaped,
 * so a customer's "<" or "&" would break the request (or inject elements). Customer text is never
 * refused for a stray control character: such characters are dropped.
 */
export function toEwsText(text: string): string {
  return text.replace(NOT_XML_CHARACTERS, "").replace(/[&<>"']/g, (char) => ENTITIES[char] ?? char);
}
