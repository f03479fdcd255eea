import "server-only";
import { eq } from "drizzle-orm";
import { db } from "@/lib/db";
import { type Connector, connectors } from "@/lib/db/schema";
import { hashConnectorSecret, TOKEN_PREFIX } from "./secrets";

export type ConnectorAuthentication =
  | { ok: true; connector: Connector }
  /** "revoked": a token that was valid until an admin revoked it; "unauthorized": anything else. */
  | { ok: false; error: "unauthorized" | "revoked" };

const BEARER = /^Bearer ([A-Za-z0-9_-]{20,200})$/;

/** The connector a request's bearer token belongs to; the token is compared by its SHA-256 only. */
export async function authenticateConnector(headers: Headers): Promise<ConnectorAuthentication> {
  const token = BEARER.exec(headers.get("authorization") ?? "")?.[1];
  if (!token?.startsWith(TOKEN_PREFIX)) return { ok: false, error: "unauthorized" };
  const [row] = await db()
    .select()
    .from(connectors)
    .where(eq(connectors.tokenHash, hashConnectorSecret(token)))
    .limit(1);
  if (!row) return { ok: false, error: "unauthorized" };
  if (row.revokedAt) return { ok: false, error: "revoked" };
  return { ok: true, connector: row };
}
