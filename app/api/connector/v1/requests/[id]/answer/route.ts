import { connectorError, connectorUnexpected, readJsonBody, requireConnector } from "@/lib/connectors/http";
import { MAX_ANSWER_BODY_CHARS, relayAnswerSchema } from "@/lib/connectors/protocol";
import { acceptRelayAnswer } from "@/lib/connectors/relay";

export const dynamic = "force-dynamic";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * POST /api/connector/v1/requests/{id}/answer: Exchange's answer to one relayed request. Accepted once;
 * passed on over NOTIFY to the instance waiting for it and not kept here.
 */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const { connector, refusal } = await requireConnector(request);
    if (refusal) return refusal;
    const { id } = await params;
    if (!UUID.test(id)) return connectorError(404, "not_found", "No such request.");
    // JSON escaping can double a body's size; the schema holds the body itself to the limit.
    const body = await readJsonBody(request, 2 * MAX_ANSWER_BODY_CHARS + 4_096);
    if (!body.ok) {
      return body.status === 413
        ? connectorError(413, "too_large", "The answer is larger than Slotbridge accepts.")
        : connectorError(400, "invalid_input", "Send JSON: { status, contentType, body } or { error }.");
    }
    const parsed = relayAnswerSchema.safeParse(body.value);
    if (!parsed.success) {
      return connectorError(400, "invalid_input", "Send JSON: { status, contentType, body } or { error }.");
    }
    if (!(await acceptRelayAnswer({ connectorId: connector.id, requestId: id, answer: parsed.data }))) {
      return connectorError(404, "not_found", "No such request: unknown, expired or already answered.");
    }
    return new Response(null, { status: 204, headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    return connectorUnexpected(error, "connector answer failed");
  }
}
