import { eq } from "drizzle-orm";
import type { RunningSimulator } from "@/ews-simulator/simulator";
import type { CurrentUser } from "@/lib/auth/session";
import { SIM_PASSWORD } from "@/lib/calendars/test-helpers";
import { db } from "@/lib/db";
import { type ConnectorMailbox, connectors } from "@/lib/db/schema";
import { createEwsAgent, sendHttpRequest } from "@/lib/exchange";
import { subscribeToConnector } from "./bus";
import { pairConnector } from "./pairing";
import { markConnectorSeen } from "./presence";
import { claimRelayRequest, type RelayRequest } from "./queue";
import { acceptRelayAnswer, installConnectorRelay } from "./relay";
import { createConnector } from "./service";

// As start-up does in the app: tests that use connectors import this module.
installConnectorRelay();

export const TEST_CONNECTOR_TIMING = { heartbeatSeconds: 15, pollSeconds: 5 };

/** A connector created and paired in `owner`'s organisation; with `mailboxes`, it has said hello and is online. */
export async function pairTestConnector(input: {
  owner: CurrentUser;
  name: string;
  mailboxes?: ConnectorMailbox[];
}): Promise<{ connectorId: string; token: string }> {
  const { code, connectorId } = await createConnector({ actor: input.owner, name: input.name });
  const paired = await pairConnector({ code, version: "0.1.0", hostname: "test-host" });
  if (!paired.ok) throw new Error("pairing failed");
  if (input.mailboxes) {
    await db().update(connectors).set({ mailboxes: input.mailboxes }).where(eq(connectors.id, connectorId));
    await markConnectorSeen({ connectorId, mode: "realtime", timing: TEST_CONNECTOR_TIMING });
  }
  return { connectorId, token: paired.token };
}

/**
 * Plays the connector program's part for one connector, in this process: every request announced for it is
 * claimed and sent, as is, to the simulator's EWS endpoint as `user` (Basic over verified TLS), and
 * Exchange's answer is accepted as the answer route would. For tests of the app side; the program itself
 * (policy, channel, retries) has its own tests in connector/ and the e2e spec.
 */
export async function answerAsConnector(input: { connectorId: string; simulator: RunningSimulator; user: string }) {
  const seen: RelayRequest[] = [];
  const agent = createEwsAgent({ caPem: input.simulator.caPem });
  const authorization = `Basic ${Buffer.from(`CONTOSO\\${input.user}:${SIM_PASSWORD}`).toString("base64")}`;
  const unsubscribe = await subscribeToConnector(input.connectorId, (signal) => {
    if (signal.kind !== "request") return;
    void (async () => {
      const request = await claimRelayRequest({ id: signal.requestId, connectorId: input.connectorId });
      if (!request) return;
      seen.push(request);
      const answer = await sendHttpRequest({
        url: new URL(input.simulator.listeners.valid.url),
        method: "POST",
        headers: {
          "Content-Type": "text/xml; charset=utf-8",
          SOAPAction: request.soapAction,
          Authorization: authorization,
        },
        body: request.body,
        agent,
        signal: AbortSignal.timeout(5_000),
      });
      await acceptRelayAnswer({
        connectorId: input.connectorId,
        requestId: request.id,
        answer: {
          status: answer.status,
          contentType: String(answer.headers["content-type"] ?? "text/xml"),
          body: answer.body,
        },
      });
    })();
  });
  return {
    seen,
    stop: () => {
      unsubscribe();
      agent.destroy();
    },
  };
}
