import "server-only";
import { eq } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import { connectorState } from "@/lib/calendars/connector-state";
import { db } from "@/lib/db";
import { connectors } from "@/lib/db/schema";
import { setConnectorRelay } from "@/lib/exchange";
import { expectAnswer, publishAnswer, signalConnector } from "./bus";
import type { RelayAnswer } from "./protocol";
import { dropRelayRequest, enqueueRelayRequest, takeAnsweredRequest } from "./queue";

export type RelayOutcome =
  | { ok: true; answer: Extract<RelayAnswer, { status: number }> }
  | { ok: false; failure: "offline" | "timeout" | Extract<RelayAnswer, { error: unknown }>["error"]["reason"] };

/**
 * Sends one EWS request through a connector and waits for Exchange's answer, at most `timeoutMs`. The
 * request is queued in Postgres and announced over NOTIFY, so the instance holding the connector's channel
 * delivers it (or the connector's next poll collects it); the answer comes back over NOTIFY to this
 * process. An offline connector fails at once: the caller shows "offline" instead of waiting.
 */
export async function relayEwsRequest(input: {
  connectorId: string;
  mailbox: string;
  soapAction: string;
  body: string;
  timeoutMs: number;
  signal?: AbortSignal;
}): Promise<RelayOutcome> {
  const [row] = await db().select().from(connectors).where(eq(connectors.id, input.connectorId)).limit(1);
  if (!row || connectorState(row).kind !== "online") return { ok: false, failure: "offline" };

  const requestId = uuidv7();
  const waiting = await expectAnswer(requestId);
  let timer: NodeJS.Timeout | undefined;
  try {
    await enqueueRelayRequest({
      id: requestId,
      connectorId: input.connectorId,
      mailbox: input.mailbox,
      soapAction: input.soapAction,
      body: input.body,
      deadline: new Date(Date.now() + input.timeoutMs),
    });
    await signalConnector({ connectorId: input.connectorId, kind: "request", requestId });
    const expired = new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), input.timeoutMs);
      input.signal?.addEventListener("abort", () => resolve("timeout"), { once: true });
    });
    const answer = await Promise.race([waiting.answer, expired]);
    if (answer === "timeout") {
      await dropRelayRequest(requestId);
      return { ok: false, failure: "timeout" };
    }
    return "error" in answer ? { ok: false, failure: answer.error.reason } : { ok: true, answer };
  } finally {
    clearTimeout(timer);
    waiting.cancel();
  }
}

/**
 * A connector's answer to one of its requests: accepted once (false for an unknown, foreign, expired or
 * already answered id), then handed to the waiting instance over NOTIFY and not kept.
 */
export async function acceptRelayAnswer(input: {
  connectorId: string;
  requestId: string;
  answer: RelayAnswer;
}): Promise<boolean> {
  if (!(await takeAnsweredRequest({ id: input.requestId, connectorId: input.connectorId }))) return false;
  await publishAnswer(input.requestId, input.answer);
  return true;
}

/** Hands the relay to the Exchange gateway, so connections behind a connector reach Exchange through it. */
export function installConnectorRelay(): void {
  setConnectorRelay(relayEwsRequest);
}
