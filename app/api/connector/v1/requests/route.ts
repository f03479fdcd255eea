import { connectorJson, connectorUnexpected, requireConnector } from "@/lib/connectors/http";
import { markConnectorSeen } from "@/lib/connectors/presence";
import { claimPendingRelayRequests } from "@/lib/connectors/queue";
import { connectorTimingFromEnv } from "@/lib/connectors/timing";

export const dynamic = "force-dynamic";

/** GET /api/connector/v1/requests: auto-sync, the waiting requests for a connector without a channel. */
export async function GET(request: Request) {
  try {
    const { connector, refusal } = await requireConnector(request);
    if (refusal) return refusal;
    const timing = connectorTimingFromEnv();
    await markConnectorSeen({ connectorId: connector.id, mode: "auto-sync", timing });
    const requests = await claimPendingRelayRequests(connector.id);
    return connectorJson(200, { requests, pollSeconds: timing.pollSeconds });
  } catch (error) {
    return connectorUnexpected(error, "connector poll failed");
  }
}
