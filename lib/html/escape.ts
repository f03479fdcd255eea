/**
 * Escapes text for HTML element content and quoted attribute values: every character that could end a
 * text run or an attribute, or start a tag or an entity. Names, titles and notes come from users.
 */
export function escapeHtml(value: string): string {
  return value
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}
