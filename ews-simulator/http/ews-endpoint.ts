import type { IncomingMessage, ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import type { EwsResponse } from "../contract";
import type { RequestLogEntry } from "../control/request-log";
import type { ListenerVariant } from "../pki/variants";
import { MAX_BODY_BYTES, type SimulatorContext } from "./context";
import { sendIisError } from "./iis-pages";
import { omitElements } from "./omit-elements";
import { BodyTooLargeError, readBody } from "./read-body";
import { sendWithFault } from "./send-with-fault";

type LogFields = Omit<RequestLogEntry, "id" | "at" | "variant" | "method" | "path" | "durationMs">;

export interface EndpointCall {
  context: SimulatorContext;
  variant: ListenerVariant;
  request: IncomingMessage;
  response: ServerResponse;
}

/** Writes the log entry for one call; every path through a handler ends here exactly once. */
export function logCall(input: EndpointCall & { startedAt: number; fields: LogFields }) {
  input.context.log.append({
    at: new Date().toISOString(),
    variant: input.variant,
    method: input.request.method ?? "?",
    path: (input.request.url ?? "").split("?")[0] ?? "",
    durationMs: Math.round(performance.now() - input.startedAt),
    ...input.fields,
  });
}

/** Reads the body, then authenticates like IIS in front of EWS; undefined when a 4xx was already sent. */
export async function readAuthenticated(input: EndpointCall & { startedAt: number }) {
  let body: string;
  try {
    // Drained even when authentication will fail, so the connection stays usable for the NTLM handshake.
    body = await readBody({ request: input.request, limitBytes: MAX_BODY_BYTES });
  } catch (error) {
    if (!(error instanceof BodyTooLargeError)) throw error;
    sendIisError({ response: input.response, status: 413, headers: { Connection: "close" } });
    logCall({ ...input, fields: { status: 413 } });
    return undefined;
  }
  const auth = input.context.authenticator.authenticate(input.request);
  if (auth.kind === "challenge") {
    sendIisError({ response: input.response, status: 401, headers: { "WWW-Authenticate": auth.wwwAuthenticate } });
    logCall({ ...input, fields: { status: 401, authStep: auth.step } });
    return undefined;
  }
  return { body, account: auth.account, scheme: auth.scheme };
}

export async function handleEwsPost(call: EndpointCall): Promise<void> {
  const startedAt = performance.now();
  const { context, response } = call;
  const signedIn = await readAuthenticated({ ...call, startedAt });
  if (!signedIn) return;
  const { body, account, scheme } = signedIn;
  const who = { account: account.email, authScheme: scheme };

  // Exchange checks the request against its schema before anything else looks at it.
  const refused = await context.core.validate(body);
  const summary = context.core.summarize(body);
  if (refused || "status" in summary) {
    const answer = refused ?? (summary as EwsResponse);
    const status = await sendWithFault({ response, answer, heldResponses: context.heldResponses });
    const operation = "status" in summary ? {} : { operation: summary.operation, mailboxes: summary.mailboxes };
    logCall({ ...call, startedAt, fields: { ...who, ...operation, status } });
    return;
  }
  const described = {
    ...who,
    operation: summary.operation,
    requestedServerVersion: summary.requestedServerVersion,
    requestedView: summary.requestedView,
    timeWindow: summary.timeWindow,
    impersonating: summary.impersonating,
    mailboxes: summary.mailboxes,
    itemShape: summary.itemShape,
  };

  const decision = context.faults.decide({ summary, accountEmail: account.email });
  if (decision.latencyMs > 0) await sleep(decision.latencyMs);
  const fault = decision.action?.kind;

  let answer: EwsResponse;
  if (decision.action?.kind === "server-busy") {
    answer = context.core.serverBusyFault(decision.action.backOffMs);
  } else if (decision.action?.kind === "replay") {
    answer = { status: decision.action.status, contentType: decision.action.contentType, body: decision.action.body };
  } else if (decision.action?.kind === "http-error") {
    sendIisError({ response, status: decision.action.status });
    logCall({ ...call, startedAt, fields: { ...described, status: decision.action.status, fault } });
    return;
  } else {
    answer = context.core.execute(body, {
      account,
      findAccount: (email) => context.accounts.findByEmail(email),
      now: context.now(),
      maxAvailabilityDays: context.maxAvailabilityDays,
    });
  }
  if (decision.action?.kind === "omit") answer = await omitElements({ answer, elements: decision.action.elements });
  // Faults that shaped the answer above are done; the rest bend how it is sent.
  const action = ["server-busy", "replay", "omit"].includes(decision.action?.kind ?? "") ? undefined : decision.action;
  const status = await sendWithFault({ response, answer, action, heldResponses: context.heldResponses });
  logCall({ ...call, startedAt, fields: { ...described, status, fault } });
}

/**
 * A GET on an endpoint: authentication first, as IIS does (the NTLM handshake's type-1 step lands
 * here), then a short HTML page standing in for the service's help page.
 */
export async function answerSignedInGet({ call, page }: { call: EndpointCall; page: string }): Promise<void> {
  const startedAt = performance.now();
  const signedIn = await readAuthenticated({ ...call, startedAt });
  if (!signedIn) return;
  call.response.writeHead(200, {
    "Content-Type": "text/html; charset=utf-8",
    "Content-Length": Buffer.byteLength(page),
  });
  call.response.end(page);
  logCall({
    ...call,
    startedAt,
    fields: { status: 200, account: signedIn.account.email, authScheme: signedIn.scheme },
  });
}

export function handleEwsGet(call: EndpointCall): Promise<void> {
  return answerSignedInGet({
    call,
    page: "<html><body><p>EWS simulator: POST SOAP requests to this URL.</p></body></html>",
  });
}
