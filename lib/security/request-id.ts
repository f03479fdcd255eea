/** One id per request, in the logs and the response, so a support question can be matched to log lines. */
export const REQUEST_ID_HEADER = "x-request-id";

const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{8,64}$/;

/** A load balancer's own id is kept when it is a plain token; anything else is replaced by a fresh one. */
export function requestIdFor(headers: Headers): string {
  const given = headers.get(REQUEST_ID_HEADER);
  return given && SAFE_REQUEST_ID.test(given) ? given : crypto.randomUUID();
}

/** Whether the app is served over HTTPS (then HSTS and upgrade-insecure-requests apply). */
export function servedOverHttps(url: URL): boolean {
  return (process.env.APP_URL ?? "").startsWith("https:") || url.protocol === "https:";
}
