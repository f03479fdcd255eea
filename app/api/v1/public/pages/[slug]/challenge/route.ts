import { issueChallenge } from "@/lib/bookings/proof-of-work";
import { limitCaller, PAGE_NOT_FOUND, publicJson, SLUG_PATTERN } from "@/lib/bookings/public";
import { env } from "@/lib/env";

export const dynamic = "force-dynamic";

/** GET /api/v1/public/pages/{slug}/challenge → { challenge, difficulty }: the proof of work a booking needs. */
export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const limited = await limitCaller({ request, policy: "publicSlotsByIp" });
  if (limited) return limited;
  const { slug } = await params;
  if (!SLUG_PATTERN.test(slug)) return PAGE_NOT_FOUND();
  return publicJson({ status: 200, body: issueChallenge({ slug, secret: env().AUTH_SECRET, now: Date.now() }) });
}
