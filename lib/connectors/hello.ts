import "server-only";
import { eq, sql } from "drizzle-orm";
import { db } from "@/lib/db";
import { type ConnectorMailbox, connectors, organisations } from "@/lib/db/schema";

/**
 * Records what a connector says about itself in its hello (version, the mailboxes it can serve, lower-cased,
 * one entry per address, sorted) and returns its organisation's name, in one statement.
 */
export async function recordHello(input: {
  connectorId: string;
  version: string;
  mailboxes: readonly ConnectorMailbox[];
}): Promise<{ organisation: string }> {
  const byAddress = new Map(
    input.mailboxes.map((m) => [
      m.address.toLowerCase(),
      { address: m.address.toLowerCase(), impersonate: m.impersonate },
    ]),
  );
  const [row] = await db()
    .update(connectors)
    .set({
      version: input.version,
      mailboxes: [...byAddress.values()].sort((a, b) => a.address.localeCompare(b.address)),
    })
    .where(eq(connectors.id, input.connectorId))
    .returning({
      organisation: sql<string>`(select ${organisations.name} from ${organisations} where ${organisations.id} = ${connectors.organisationId})`,
    });
  return { organisation: row?.organisation ?? "" };
}
