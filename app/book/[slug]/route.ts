import type { NextRequest } from "next/server";
import { loadPublicBookingPage } from "@/lib/bookings/public";
import { readBookingBundleManifest } from "@/lib/public-page/bundle";
import { renderBookingPageDocument, renderNotFoundDocument } from "@/lib/public-page/document";

/**
 * The public booking page, served as plain HTML plus one small Preact module instead of an App Router
 * page: the App Router's client runtime alone (React 19 + Next.js) is more JavaScript than this page's
 * budget. The header is rendered here; the slots are fetched by the browser after the first paint, so this
 * answer never waits on Exchange. Security headers and the request id come from proxy.ts.
 */
export async function GET(request: NextRequest, context: { params: Promise<{ slug: string }> }) {
  const assets = readBookingBundleManifest();
  const page = await loadPublicBookingPage((await context.params).slug);
  const headers = {
    "Content-Type": "text/html; charset=utf-8",
    // Per-request nonce, and what the page shows may change at any time.
    "Cache-Control": "no-store",
  };
  if (!page) return new Response(renderNotFoundDocument({ assets }), { status: 404, headers });
  return new Response(renderBookingPageDocument({ page, assets, nonce: nonceOf(request) }), { headers });
}

/** The nonce proxy.ts put in the request's Content-Security-Policy header, for the page's script tag. */
function nonceOf(request: NextRequest): string | null {
  const csp = request.headers.get("content-security-policy") ?? "";
  return /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1] ?? null;
}
