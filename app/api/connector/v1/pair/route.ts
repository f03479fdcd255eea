import { z } from "zod";
import { limitCaller } from "@/lib/bookings/public";
import {
  connectorError,
  connectorJson,
  connectorUnexpected,
  readJsonBody,
  upgradeRequired,
} from "@/lib/connectors/http";
import { pairConnector } from "@/lib/connectors/pairing";
import { connectorTimingFromEnv } from "@/lib/connectors/timing";
import { connectorVersionAccepted, connectorVersionSchema } from "@/lib/connectors/version";
import { singleLineText } from "@/lib/validation/text";

export const dynamic = "force-dynamic";

const pairSchema = z.strictObject({
  code: z.string().max(40),
  version: connectorVersionSchema,
  hostname: singleLineText().max(255).optional(),
});

/** POST /api/connector/v1/pair: a one-time code for the connector's token (connector/PROTOCOL.md). */
export async function POST(request: Request) {
  try {
    const limited = await limitCaller({ request, policy: "connectorPairingByIp" });
    if (limited) return limited;
    const body = await readJsonBody(request, 4_096);
    if (!body.ok) return connectorError(body.status, "invalid_input", "Send JSON: { code, version, hostname }.");
    const parsed = pairSchema.safeParse(body.value);
    if (!parsed.success) return connectorError(400, "invalid_input", "Send JSON: { code, version, hostname }.");
    if (!connectorVersionAccepted(parsed.data.version)) return upgradeRequired();
    const paired = await pairConnector(parsed.data);
    if (!paired.ok) {
      return connectorError(401, "invalid-code", "This pairing code is unknown, used or expired. Ask for a new one.");
    }
    const timing = connectorTimingFromEnv();
    return connectorJson(201, {
      connectorId: paired.connectorId,
      token: paired.token,
      organisation: paired.organisation,
      heartbeatSeconds: timing.heartbeatSeconds,
      pollSeconds: timing.pollSeconds,
    });
  } catch (error) {
    return connectorUnexpected(error, "connector pairing failed");
  }
}
