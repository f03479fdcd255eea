/**
 * The client address for rate limiting. `next start` fills X-Forwarded-For with the socket
 * address when it is absent; behind a reverse proxy the last entry is the one the proxy
 * appended, so it is the only one a client cannot forge. README: "Reverse proxy".
 */
export function clientIp(headers: Headers): string {
  const forwarded = headers.get("x-forwarded-for");
  const last = forwarded?.split(",").at(-1)?.trim();
  return last || "unknown";
}
