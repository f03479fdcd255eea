import { z } from "zod";
import { recordHello } from "@/lib/connectors/hello";
import {
  connectorError,
  connectorJson,
  connectorUnexpected,
  readJsonBody,
  requireConnector,
} from "@/lib/connectors/http";
import { connectorTimingFromEnv } from "@/lib/connectors/timing";
import { connectorVersionSchema } from "@/lib/connectors/version";

export const dynamic = "force-dynamic";

const helloSchema = z.strictObject({
  version: connectorVersionSchema,
  mailboxes: z.array(z.strictObject({ address: z.email().max(320), impersonate: z.boolean() })).max(1_000),
});

/** POST /api/connector/v1/hello: the connector's version and the mailboxes it can serve. */
export async function POST(request: Request) {
  try {
    const { connector, refusal } = await requireConnector(request);
    if (refusal) return refusal;
    const body = await readJsonBody(request, 256 * 1024);
    const parsed = body.ok ? helloSchema.safeParse(body.value) : null;
    if (!parsed?.success) {
      return connectorError(400, "invalid_input", "Send JSON: { version, mailboxes: [{ address, impersonate }] }.");
    }
    const { organisation } = await recordHello({ connectorId: connector.id, ...parsed.data });
    const timing = connectorTimingFromEnv();
    return connectorJson(200, {
      connectorId: connector.id,
      organisation,
      heartbeatSeconds: timing.heartbeatSeconds,
      pollSeconds: timing.pollSeconds,
    });
  } catch (error) {
    return connectorUnexpected(error, "connector hello failed");
  }
}
