import "server-only";
import { NextResponse } from "next/server";
import type { Connector } from "@/lib/db/schema";
import { log, summarizeError } from "@/lib/log";
import { currentRequestId } from "@/lib/request-log";
import { authenticateConnector } from "./authenticate";
import { connectorVersionAccepted, MINIMUM_CONNECTOR_VERSION } from "./version";

// The connector API's answers (connector/PROTOCOL.md): JSON, never cached, errors as { error, message }.

const NO_STORE = { "Cache-Control": "no-store" };

export function connectorJson(status: number, body: unknown, headers: Record<string, string> = {}) {
  return NextResponse.json(body, { status, headers: { ...NO_STORE, ...headers } });
}

export function connectorError(status: number, error: string, message: string) {
  return connectorJson(status, { error, message });
}

const REFUSALS = {
  revoked: "This connector was revoked in Slotbridge. Ask an admin for a new pairing code.",
  unauthorized: "Slotbridge does not know this connector's token (never paired, or the connector was deleted).",
} as const;

/** 426 for a connector older than this app speaks with: it stops and tells its user to update. */
export function upgradeRequired() {
  return connectorJson(426, {
    error: "upgrade-required",
    message: `Update the connector: this Slotbridge needs version ${MINIMUM_CONNECTOR_VERSION} or newer.`,
    minimumVersion: MINIMUM_CONNECTOR_VERSION,
  });
}

/** The authenticated connector of a new enough version, or the 401/426 answer to return. */
export async function requireConnector(
  request: Request,
): Promise<{ connector: Connector; refusal?: undefined } | { refusal: Response; connector?: undefined }> {
  if (!connectorVersionAccepted(request.headers.get("x-connector-version"))) return { refusal: upgradeRequired() };
  const auth = await authenticateConnector(request.headers);
  if (auth.ok) return { connector: auth.connector };
  return { refusal: connectorError(401, auth.error, REFUSALS[auth.error]) };
}

/** Anything unexpected: logged with the request id (never the body), answered without details. */
export async function connectorUnexpected(error: unknown, what: string) {
  const requestId = await currentRequestId();
  log.error({ requestId, err: summarizeError(error) }, what);
  return connectorError(500, "internal", `Something went wrong.${requestId ? ` (reference ${requestId})` : ""}`);
}

/** A JSON body of at most `maxBytes`, read without trusting Content-Length; null when too big or not JSON. */
export async function readJsonBody(
  request: Request,
  maxBytes: number,
): Promise<{ ok: true; value: unknown } | { ok: false; status: 400 | 413 }> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > maxBytes) return { ok: false, status: 413 };
  const reader = request.body?.getReader();
  if (!reader) return { ok: false, status: 400 };
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return { ok: false, status: 413 };
    }
    chunks.push(value);
  }
  try {
    return { ok: true, value: JSON.parse(Buffer.concat(chunks).toString("utf8")) };
  } catch {
    return { ok: false, status: 400 };
  }
}
