import { NextResponse } from "next/server";
import { getCurrentUser } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { log, summarizeError } from "@/lib/log";
import { currentRequestId } from "@/lib/request-log";
import { teamAvailability } from "@/lib/team/availability";
import { availabilityQuerySchema } from "@/lib/team/schema";

// Live data for one viewer: never cached by the browser, a proxy or Next.js.
export const dynamic = "force-dynamic";
const NO_STORE = { "Cache-Control": "no-store, private" };

function problem(status: number, message: string) {
  return NextResponse.json({ error: message }, { status, headers: NO_STORE });
}

/**
 * GET /api/v1/team/availability?start=…&end=…[&members=id,id][&group=id] (session cookie): colleagues'
 * free/busy as { members: [{ id, name, status, busy: [{ start, end, status }] }] }, UTC instants.
 */
export async function GET(request: Request) {
  const user = await getCurrentUser();
  if (!user) return problem(401, "Sign in first.");
  const query = availabilityQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) {
    const messages = query.error.issues.map((issue) => {
      const field = issue.path.join(".");
      return field && !issue.message.startsWith(field) ? `${field}: ${issue.message}` : issue.message;
    });
    return problem(400, messages.join(" "));
  }
  try {
    const result = await teamAvailability({
      actor: user,
      start: query.data.start,
      end: query.data.end,
      memberIds: query.data.members,
      groupId: query.data.group,
    });
    return NextResponse.json(result, { headers: NO_STORE });
  } catch (error) {
    if (error instanceof AppError) return problem(error.code === "not_found" ? 404 : 400, error.message);
    const requestId = await currentRequestId();
    log.error({ requestId, err: summarizeError(error) }, "team availability failed");
    return problem(500, `Something went wrong.${requestId ? ` (reference ${requestId})` : ""}`);
  }
}
