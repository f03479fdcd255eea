import { eq } from "drizzle-orm";
import { z } from "zod";
import {
  connectorError,
  connectorJson,
  connectorUnexpected,
  readJsonBody,
  requireConnector,
} from "@/lib/connectors/http";
import { connectorTimingFromEnv } from "@/lib/connectors/timing";
import { db } from "@/lib/db";
import { connectors, organisations } from "@/lib/db/schema";

export const dynamic = "force-dynamic";

const helloSchema = z.strictObject({
  version: z.string().regex(/^\d+\.\d+\.\d+([-+][\w.-]{1,40})?$/),
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
    const byAddress = new Map(
      parsed.data.mailboxes.map((m) => [
        m.address.toLowerCase(),
        { address: m.address.toLowerCase(), impersonate: m.impersonate },
      ]),
    );
    await db()
      .update(connectors)
      .set({
        version: parsed.data.version,
        mailboxes: [...byAddress.values()].sort((a, b) => a.address.localeCompare(b.address)),
      })
      .where(eq(connectors.id, connector.id));
    const [organisation] = await db()
      .select({ name: organisations.name })
      .from(organisations)
      .where(eq(organisations.id, connector.organisationId));
    const timing = connectorTimingFromEnv();
    return connectorJson(200, {
      connectorId: connector.id,
      organisation: organisation?.name ?? "",
      heartbeatSeconds: timing.heartbeatSeconds,
      pollSeconds: timing.pollSeconds,
    });
  } catch (error) {
    return connectorUnexpected(error, "connector hello failed");
  }
}
