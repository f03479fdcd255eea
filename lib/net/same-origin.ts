/**
 * Whether following a redirect from `from` to `to` stays on the same origin (scheme, host and port).
 * `to` may be relative, as a Location header may be; it is resolved against `from`, so a
 * protocol-relative "//other.example/" counts as the other host it is. Unparsable input is "no".
 *
 * Callers refuse anything else rather than re-checking the new host: a redirect would carry the
 * Exchange credentials to a host the admin never entered, and the checked (pinned) address belongs to
 * the original host only. A downgrade from https: to http: on the same host is refused too (not the same origin).
 */
export function isSameOrigin(input: { from: string | URL; to: string | URL }): boolean {
  try {
    const from = new URL(input.from);
    const to = new URL(input.to, from);
    // URL.origin is "null" for opaque schemes (data:, file:, …), and two "null"s must not count as equal.
    return from.origin !== "null" && from.origin === to.origin;
  } catch {
    return false;
  }
}
