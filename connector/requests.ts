import type { Logger } from "pino";
import { type RelayAnswer, type RelayRequest, relayRequestSchema } from "@/lib/connectors/protocol";
import { AppCallError } from "./app-client";
import { Backoff, type BackoffOptions, DEFAULT_BACKOFF, sleep } from "./backoff";

export interface RelayExecutor {
  execute(input: { request: RelayRequest; timeoutMs: number }): Promise<RelayAnswer>;
}

export interface AnswerSink {
  answer(input: { id: string; answer: RelayAnswer; signal?: AbortSignal }): Promise<"accepted" | "gone">;
}

export type RequestOutcome =
  | { kind: "answered"; id: string; delivered: "accepted" | "gone" | "undelivered" }
  | { kind: "duplicate"; id: string }
  | { kind: "expired"; id: string }
  | { kind: "invalid" };

export interface RequestHandlerOptions {
  executor: RelayExecutor;
  sink: AnswerSink;
  log: Logger;
  /** Bound on one Exchange call (the request's deadline may cut it shorter). */
  exchangeTimeoutMs?: number;
  /** How long an answered id is remembered (PROTOCOL.md: 10 minutes). */
  rememberMs?: number;
  /**
   * The ids taken, and until when they are remembered. `run` passes one map to each pairing's handler: a
   * request re-delivered after the connector was paired again is still not run twice.
   */
  remembered?: Map<string, number>;
  /** Exchange calls at once; EWS throttles an account above 10 (2010) or 27 (2013+). */
  maxConcurrent?: number;
  backoff?: BackoffOptions;
  /** A 401 revoked/unauthorized or 426 while answering: the runner stops. */
  onFatal: (error: AppCallError) => void;
  onOutcome?: (outcome: RequestOutcome) => void;
  now?: () => number;
}

/**
 * Runs relay requests from the channel and from polls: each id once (an id is remembered from the moment
 * it starts, so a write is never sent to Exchange twice, even when its answer could not be delivered),
 * nothing past its deadline, at most `maxConcurrent` at a time, and the answer POSTed with retries until
 * the deadline.
 */
export class RequestHandler {
  private readonly remembered: Map<string, number>;
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly waiting: Array<() => void> = [];
  private running = 0;
  private accepting = true;
  private readonly stopAnswers = new AbortController();
  private readonly options: Required<Omit<RequestHandlerOptions, "onOutcome" | "remembered">> &
    Pick<RequestHandlerOptions, "onOutcome">;

  constructor(options: RequestHandlerOptions) {
    this.remembered = options.remembered ?? new Map();
    this.options = {
      exchangeTimeoutMs: 20_000,
      rememberMs: 10 * 60_000,
      maxConcurrent: 8,
      backoff: DEFAULT_BACKOFF,
      now: Date.now,
      ...options,
    };
  }

  get inFlightCount(): number {
    return this.inFlight.size;
  }

  /** Takes one item of a channel event or a poll answer. Returns at once; the work runs in the background. */
  accept(raw: unknown, via: "channel" | "poll"): void {
    const { log } = this.options;
    const parsed = relayRequestSchema.safeParse(raw);
    if (!parsed.success) {
      log.warn({ via }, "ignored a relay request this connector cannot read");
      this.options.onOutcome?.({ kind: "invalid" });
      return;
    }
    const request = parsed.data;
    const now = this.options.now();
    this.forgetOld(now);
    if (!this.accepting) return;
    if (this.remembered.has(request.id) || this.inFlight.has(request.id)) {
      log.info({ requestId: request.id, via }, "request delivered again; already taken, not run twice");
      this.options.onOutcome?.({ kind: "duplicate", id: request.id });
      return;
    }
    if (Date.parse(request.deadline) <= now) {
      this.remembered.set(request.id, now + this.options.rememberMs);
      log.warn({ requestId: request.id, via, deadline: request.deadline }, "request dropped: past its deadline");
      this.options.onOutcome?.({ kind: "expired", id: request.id });
      return;
    }
    // Remembered from now on: the write may reach Exchange even if everything after it fails.
    this.remembered.set(request.id, Number.POSITIVE_INFINITY);
    const work = this.run(request, via).finally(() => {
      this.inFlight.delete(request.id);
      this.remembered.set(request.id, this.options.now() + this.options.rememberMs);
    });
    this.inFlight.set(request.id, work);
  }

  /** No new requests from now on; `drain` then waits for the ones already running. */
  stopAccepting(): void {
    this.accepting = false;
  }

  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight.values()]);
  }

  /** Gives up on answers not yet delivered (a second Ctrl-C, or a revoked token). */
  abandonAnswers(): void {
    this.stopAnswers.abort();
  }

  private forgetOld(now: number): void {
    for (const [id, until] of this.remembered) if (until <= now) this.remembered.delete(id);
  }

  private async slot(): Promise<() => void> {
    if (this.running >= this.options.maxConcurrent) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running += 1;
    return () => {
      this.running -= 1;
      this.waiting.shift()?.();
    };
  }

  private async run(request: RelayRequest, via: "channel" | "poll"): Promise<void> {
    const { log } = this.options;
    const release = await this.slot();
    const started = this.options.now();
    // The EWS operation's name (from the SOAPAction): a schema word, never content.
    const operation = /\/([A-Za-z][A-Za-z0-9]{0,63})"?$/.exec(request.soapAction)?.[1];
    log.debug({ requestId: request.id, operation, via }, "request received");
    const deadline = Date.parse(request.deadline);
    let answer: RelayAnswer;
    try {
      if (deadline <= started) {
        log.warn({ requestId: request.id, via }, "request dropped: its deadline passed while it waited");
        this.options.onOutcome?.({ kind: "expired", id: request.id });
        return;
      }
      const timeoutMs = Math.max(1, Math.min(this.options.exchangeTimeoutMs, deadline - started));
      try {
        answer = await this.options.executor.execute({ request, timeoutMs });
      } catch {
        // The executor answers every failure itself; this is a bug's net, without its message.
        answer = { error: { reason: "unexpected", message: "The connector failed while relaying this request." } };
      }
    } finally {
      release();
    }
    const delivered = await this.deliver({ request, answer });
    const ms = this.options.now() - started;
    if ("error" in answer && answer.error.reason === "refused-by-policy") {
      // The operation's name only: never the mailbox, the envelope, item ids or the refusal's wording.
      log.warn({ requestId: request.id, operation, via, ms, delivered }, "request refused by the connector's policy");
    } else {
      const summary =
        "error" in answer ? { reason: answer.error.reason, message: answer.error.message } : { status: answer.status };
      log.info(
        { requestId: request.id, mailbox: request.mailbox, operation, via, ms, ...summary, delivered },
        "request answered",
      );
    }
    this.options.onOutcome?.({ kind: "answered", id: request.id, delivered });
  }

  /** POSTs the answer, retrying network errors, 429 and 5xx with back-off until the deadline. */
  private async deliver(input: {
    request: RelayRequest;
    answer: RelayAnswer;
  }): Promise<"accepted" | "gone" | "undelivered"> {
    const { request, answer } = input;
    const deadline = Date.parse(request.deadline);
    const backoff = new Backoff(this.options.backoff);
    const signal = this.stopAnswers.signal;
    while (!signal.aborted) {
      try {
        return await this.options.sink.answer({ id: request.id, answer, signal });
      } catch (error) {
        if (!(error instanceof AppCallError)) throw error;
        if (error.kind === "revoked" || error.kind === "upgrade-required") {
          this.options.onFatal(error);
          return "undelivered";
        }
        const wait = backoff.next(error.retryAfterMs);
        if (error.kind === "refused" || this.options.now() + wait > deadline) {
          this.options.log.warn(
            { requestId: request.id, problem: error.message },
            "answer not delivered; the app will have timed the request out",
          );
          return "undelivered";
        }
        this.options.log.warn(
          { requestId: request.id, problem: error.message, retryInMs: wait },
          "answer not delivered yet",
        );
        await sleep(wait, signal);
      }
    }
    return "undelivered";
  }
}
