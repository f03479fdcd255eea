import { type NextRequest, NextResponse } from "next/server";
import { securityHeaders } from "@/lib/security/headers";
import { REQUEST_ID_HEADER, requestIdFor, servedOverHttps } from "@/lib/security/request-id";

/** Pages that need a signed-in user; the pages themselves check the session for real. */
const SIGNED_IN_AREAS = ["/calendars", "/team", "/booking-pages", "/bookings", "/settings", "/instance"];
const SESSION_COOKIES = ["authjs.session-token", "__Secure-authjs.session-token"];

/**
 * Adds security headers to every response and sends visitors without a session cookie to
 * sign-in. That redirect is only a convenience: the cookie is not verified here, and every
 * page, action and route handler checks the session, organisation and role itself.
 */
export function proxy(request: NextRequest) {
  const requestId = requestIdFor(request.headers);
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const headers = securityHeaders({
    nonce,
    production: process.env.NODE_ENV === "production",
    https: servedOverHttps(request.nextUrl),
  });

  const { pathname } = request.nextUrl;
  const needsSession = SIGNED_IN_AREAS.some((area) => pathname === area || pathname.startsWith(`${area}/`));
  const hasCookie = SESSION_COOKIES.some((name) => request.cookies.has(name));

  let response: NextResponse;
  if (needsSession && !hasCookie && request.method === "GET") {
    const url = new URL("/sign-in", request.url);
    url.searchParams.set("next", `${pathname}${request.nextUrl.search}`);
    response = NextResponse.redirect(url);
  } else {
    // Next.js reads the nonce from the request's CSP header and stamps it on its scripts.
    const requestHeaders = new Headers(request.headers);
    requestHeaders.set("Content-Security-Policy", headers["Content-Security-Policy"] ?? "");
    requestHeaders.set(REQUEST_ID_HEADER, requestId);
    response = NextResponse.next({ request: { headers: requestHeaders } });
  }
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  response.headers.set(REQUEST_ID_HEADER, requestId);
  return response;
}

/**
 * Everything but the public slots endpoint, the app's busiest route: on this machine the proxy costs it
 * about 2 ms of CPU per request. That route sets the same headers itself (lib/bookings/public-http.ts);
 * it has no page to redirect and no script for a nonce.
 */
export const config = { matcher: ["/((?!api/v1/public/pages/[^/]+/slots$).*)"] };
