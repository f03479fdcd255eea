import { setTimeout as sleep } from "node:timers/promises";
import type { EndpointCall } from "./ews-endpoint";
import { sendWithFault } from "./send-with-fault";

/**
 * Sends an autodiscover answer (SOAP GetUserSettings or POX), bent by fault rules that name its operation
 * ("GetUserSettings", "Autodiscover"): rules for every EWS call leave autodiscover alone. `replay` swaps the
 * answer for the rule's; `server-busy` and `omit` are EWS answers' own and do not apply here. Returns the
 * status sent and the fault used, for the request log.
 */
export async function sendAutodiscoverAnswer(input: {
  call: EndpointCall;
  operation: "GetUserSettings" | "Autodiscover";
  accountEmail: string;
  mailboxes: string[];
  answer: { status: number; body: string };
}): Promise<{ status: number; fault?: string }> {
  const { call } = input;
  const decision = call.context.faults.decide({
    summary: { operation: input.operation, mailboxes: input.mailboxes },
    accountEmail: input.accountEmail,
    namedOnly: true,
  });
  if (decision.latencyMs > 0) await sleep(decision.latencyMs);
  const action = decision.action;
  const answer =
    action?.kind === "replay"
      ? { status: action.status, contentType: action.contentType, body: action.body }
      : { ...input.answer, contentType: "text/xml; charset=utf-8" };
  const passed = action?.kind === "replay" || action?.kind === "server-busy" || action?.kind === "omit";
  const status = await sendWithFault({
    response: call.response,
    answer,
    action: passed ? undefined : action,
    heldResponses: call.context.heldResponses,
  });
  return { status, ...(action ? { fault: action.kind } : {}) };
}
