import { openConnectorChannel } from "@/lib/connectors/channel";
import { connectorUnexpected, requireConnector } from "@/lib/connectors/http";
import { connectorTimingFromEnv } from "@/lib/connectors/timing";

export const dynamic = "force-dynamic";

/** GET /api/connector/v1/channel: the real-time channel, as Server-Sent Events (connector/PROTOCOL.md). */
export async function GET(request: Request) {
  try {
    const { connector, refusal } = await requireConnector(request);
    if (refusal) return refusal;
    const stream = openConnectorChannel({
      connectorId: connector.id,
      timing: connectorTimingFromEnv(),
      signal: request.signal,
    });
    return new Response(stream, {
      headers: {
        "Content-Type": "text/event-stream; charset=utf-8",
        // no-transform: nothing on the way (Next's compression included) may buffer the stream to compress it.
        "Cache-Control": "no-cache, no-transform",
        "X-Accel-Buffering": "no",
      },
    });
  } catch (error) {
    return connectorUnexpected(error, "connector channel failed");
  }
}
