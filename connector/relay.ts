import type https from "node:https";
import {
  MAX_ANSWER_BODY_CHARS,
  type RelayAnswer,
  type RelayErrorReason,
  type RelayRequest,
} from "@/lib/connectors/protocol";
import {
  connectionPoolKey,
  createEwsAgent,
  type EwsAuth,
  EwsConnectionPool,
  EwsTransport,
  type PooledConnections,
  secureContextKey,
  toEwsAuth,
  toEwsTransportError,
} from "@/lib/exchange";
import { checkBookingItems } from "./booking-check";
import { checkPolicy } from "./policy";

export type { RelayAnswer, RelayRequest } from "@/lib/connectors/protocol";

/** An account with its password opened, held in memory by `run` only. */
export interface ExchangeAccount {
  id: string;
  ewsUrl: string;
  username: string;
  authMethod: "ntlm" | "basic";
  mailboxes: string[];
  caPem: string | null;
  password: string;
}

/** Upper bound for one Exchange call, NTLM handshake included; a request's deadline may make it shorter. */
export const DEFAULT_EXCHANGE_TIMEOUT_MS = 20_000;

/** The account as the transport signs in with it: the app's own split of `CONTOSO\alice` into domain + user. */
export function toAuth(account: Pick<ExchangeAccount, "username" | "password" | "authMethod">): EwsAuth {
  return toEwsAuth({ account, kind: account.authMethod });
}

function errorAnswer(reason: RelayErrorReason, message: string): RelayAnswer {
  return { error: { reason, message } };
}

/** The transport's messages are built from codes only ("EWS transport failed (tls): CERT_HAS_EXPIRED"). */
function detailOf(message: string): string {
  return message.replace(/^EWS transport failed \(\w+\):\s*/, "");
}

/**
 * Sends one SOAP envelope as is to `url` with the account's credentials, its CA and TLS 1.2+, and returns
 * Exchange's answer or a reason in plain words. Never throws for anything the network or Exchange does.
 * Messages name the host and codes, never the password, the envelope or the answer.
 */
export async function sendEnvelope(
  input: {
    url: string;
    account: Pick<ExchangeAccount, "username" | "password" | "authMethod">;
    soapAction: string;
    body: string;
    timeoutMs: number;
  } & (
    | { agent: https.Agent; connections?: undefined }
    /** Already authenticated connections (ExchangeRelay): NTLM signs in once per connection, not per call. */
    | { connections: PooledConnections; agent?: undefined }
  ),
): Promise<RelayAnswer> {
  const url = new URL(input.url);
  const where = url.host;
  if (url.protocol !== "https:") {
    return errorAnswer("tls", `The account's EWS address (${where}) is not https://; the connector only uses TLS.`);
  }
  const auth = toAuth(input.account);
  const { timeoutMs } = input;
  const transport = input.connections
    ? new EwsTransport({ auth, timeoutMs, connections: input.connections })
    : new EwsTransport({ auth, timeoutMs, agent: input.agent });
  try {
    const answer = await transport.sendRaw({
      url: url.toString(),
      headers: {
        "Content-Type": "text/xml; charset=utf-8",
        Accept: "text/xml",
        "Accept-Encoding": "gzip,deflate",
        SOAPAction: `"${input.soapAction.trim().replace(/^"(.*)"$/, "$1")}"`,
      },
      body: input.body,
    });
    if (answer.status === 401) {
      return errorAnswer(
        "wrong-password",
        `Exchange at ${where} refused the user name or password of the connector's account (HTTP 401). Add the account again with the right password.`,
      );
    }
    if (Buffer.byteLength(answer.body, "utf8") > MAX_ANSWER_BODY_CHARS) {
      return errorAnswer("unexpected", `Exchange's answer is larger than ${MAX_ANSWER_BODY_CHARS / 1024 / 1024} MB.`);
    }
    const contentType = answer.headers["content-type"];
    return {
      status: answer.status,
      contentType: typeof contentType === "string" ? contentType : "text/xml; charset=utf-8",
      body: answer.body,
    };
  } catch (thrown) {
    const error = toEwsTransportError(thrown);
    const detail = detailOf(error.message);
    switch (error.code) {
      case "tls":
        return errorAnswer(
          "tls",
          `The TLS connection to Exchange at ${where} was refused (${detail}). Run add-account again for this server to see the reason.`,
        );
      case "tls_version":
        return errorAnswer(
          "tls-version",
          `Exchange at ${where} only offers TLS 1.1 or older (${detail}); the connector requires TLS 1.2 or newer. Enable TLS 1.2 on the Exchange server.`,
        );
      case "timeout":
        return errorAnswer(
          "timeout",
          `Exchange at ${where} did not answer within ${Math.round(input.timeoutMs / 100) / 10} seconds.`,
        );
      case "network":
        return errorAnswer("unreachable", `Exchange at ${where} could not be reached (${detail}).`);
      case "ntlm":
        return errorAnswer(
          "unexpected",
          `Exchange at ${where} did not complete NTLM sign-in (${detail}); if it only offers Basic, add the account again with --auth basic.`,
        );
      case "response_too_large":
        return errorAnswer("unexpected", `Exchange's answer is larger than ${MAX_ANSWER_BODY_CHARS / 1024 / 1024} MB.`);
      default:
        return errorAnswer("unexpected", `The call to Exchange at ${where} was cancelled.`);
    }
  }
}

/**
 * The executor `run` relays with: policy first (PROTOCOL.md), then, for a request that names items by id,
 * the connector's own check that each is one of the app's bookings (booking-check.ts), then the request
 * itself. Both go with the account that serves the request's mailbox, on a kept-alive connection that is
 * already signed in when one is idle (lib/exchange's pool, as the app's own EWS calls do: NTLM
 * authenticates a connection, so a reused one skips the TLS handshake and NTLM's two round trips).
 * Connections belong to this relay: a reload builds a new one and closes this.
 */
export class ExchangeRelay {
  private readonly byMailbox = new Map<string, { account: ExchangeAccount; connections: PooledConnections }>();
  private readonly pool = new EwsConnectionPool();
  private running = 0;
  private closed = false;
  readonly servedMailboxes: ReadonlySet<string>;

  constructor(accounts: readonly ExchangeAccount[]) {
    for (const account of accounts) {
      const url = new URL(account.ewsUrl).toString();
      const caPem = account.caPem ?? undefined;
      const entry = {
        account,
        connections: {
          pool: this.pool,
          // The password is part of the key: an account added again with a new one never gets a connection
          // signed in with the old one. No pinned addresses: the connector resolves Exchange's name itself,
          // each new connection afresh, and a connection is not reused past the pool's maximum age.
          key: connectionPoolKey({ url, auth: toAuth(account), caKey: secureContextKey({ caPem }), addresses: [] }),
          // One socket per connection: NTLM's challenge and answer must travel on one socket.
          createAgent: () => createEwsAgent({ caPem, keepAlive: true, maxSockets: 1 }),
        },
      };
      for (const mailbox of account.mailboxes) {
        const key = mailbox.toLowerCase();
        // The first account listed for a mailbox serves it (add-account refuses duplicates anyway).
        if (!this.byMailbox.has(key)) this.byMailbox.set(key, entry);
      }
    }
    this.servedMailboxes = new Set(this.byMailbox.keys());
  }

  async execute(input: { request: RelayRequest; timeoutMs: number }): Promise<RelayAnswer> {
    const { request } = input;
    const decision = checkPolicy({
      mailbox: request.mailbox,
      soapAction: request.soapAction,
      body: request.body,
      servedMailboxes: this.servedMailboxes,
    });
    if (!decision.ok) return errorAnswer(decision.reason, decision.message);
    const entry = this.byMailbox.get(request.mailbox.trim().toLowerCase());
    if (!entry) return errorAnswer("unknown-mailbox", `This connector has no account for ${request.mailbox}.`);
    this.running += 1;
    // One time limit for the whole request: the check of its items and the request itself.
    const deadline = Date.now() + input.timeoutMs;
    const send = (call: { soapAction: string; body: string }) =>
      sendEnvelope({
        url: entry.account.ewsUrl,
        account: entry.account,
        connections: entry.connections,
        ...call,
        timeoutMs: Math.max(1, deadline - Date.now()),
      });
    try {
      if (decision.itemIds.length > 0) {
        const refusal = await checkBookingItems({
          operation: decision.operation,
          itemIds: decision.itemIds,
          ...(decision.actAs ? { actAs: decision.actAs } : {}),
          send,
        });
        if (refusal) return refusal;
      }
      return await send({ soapAction: request.soapAction, body: request.body });
    } finally {
      this.running -= 1;
      // A call that outlived close() has just handed its connection back: close that one too.
      if (this.closed) this.pool.clear();
    }
  }

  /** Calls, connections opened and reused (tests, the log). */
  stats(): { running: number; opened: number; reused: number; idle: number } {
    return { running: this.running, ...this.pool.stats() };
  }

  /**
   * Closes the idle connections now; calls still running finish on theirs, which are closed as each ends
   * (after a reload the old accounts' calls finish as they started).
   */
  close(): void {
    this.closed = true;
    this.pool.clear();
  }
}
