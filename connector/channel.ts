import { EventEmitter } from "node:events";
import type { Logger } from "pino";
import { AppCallError, type AppClient } from "./app-client";
import { Backoff, type BackoffOptions, DEFAULT_BACKOFF, sleep } from "./backoff";
import { type ChannelEnd, ChannelSession } from "./channel-session";
import type { RequestHandler } from "./requests";
import type { ServedMailbox } from "./state";

export type Mode = "realtime" | "auto-sync";

export type RunOutcome =
  | { kind: "stopped" }
  | { kind: "revoked"; message: string }
  | { kind: "upgrade-required"; message: string };

export interface RunnerOptions {
  client: AppClient;
  handler: RequestHandler;
  log: Logger;
  mailboxes: ServedMailbox[];
  /** --poll-interval; without it the app's pollSeconds. */
  pollIntervalSeconds?: number;
  /** --channel-retry: how often auto-sync tries the channel again. */
  channelRetrySeconds?: number;
  /** --auto-sync: poll from the start and never try the channel. */
  autoSyncOnly?: boolean;
  backoff?: BackoffOptions;
  /** PROTOCOL.md: three cuts within a minute mean the channel cannot be held. */
  cutLimit?: number;
  cutWindowMs?: number;
}

interface RunnerEvents {
  mode: [mode: Mode];
  ready: [];
  hello: [answer: { heartbeatSeconds: number; pollSeconds: number }];
  poll: [count: number];
}

/**
 * The connector's main loop (PROTOCOL.md): hello, then the real-time channel; auto-sync (polling) when the
 * channel cannot be held, with a channel attempt every `channelRetrySeconds` that switches back as soon as
 * `ready` arrives. Network errors, 429 and 5xx are retried with jittered back-off; revoked, unauthorized
 * and upgrade-required stop it.
 */
export class ConnectorRunner extends EventEmitter<RunnerEvents> {
  mode: Mode = "realtime";
  private heartbeatSeconds = 15;
  private serverPollSeconds = 5;
  private readonly stop = new AbortController();
  private fatal: AppCallError | undefined;
  private readonly cuts: number[] = [];
  private readonly channelBackoff: Backoff;
  private readonly pollBackoff: Backoff;
  private mailboxes: ServedMailbox[];
  /** A hello for changed mailboxes is wanted, and the one running if any (see `announce`). */
  private helloWanted = false;
  private announcing: Promise<void> | undefined;

  constructor(private readonly options: RunnerOptions) {
    super();
    this.mailboxes = options.mailboxes;
    if (options.autoSyncOnly) this.mode = "auto-sync";
    this.channelBackoff = new Backoff(options.backoff ?? DEFAULT_BACKOFF);
    this.pollBackoff = new Backoff(options.backoff ?? DEFAULT_BACKOFF);
  }

  /** Stops the loops and, through the handler, the answers in progress (revoked token). */
  failWith(error: AppCallError): void {
    this.fatal ??= error;
    this.options.handler.abandonAnswers();
    this.stop.abort();
  }

  /**
   * The served mailboxes changed (the accounts were reloaded): hello again, retried with back-off like the
   * first one, while requests go on being relayed. Changes that come during a hello are sent after it.
   */
  announce(mailboxes: ServedMailbox[]): void {
    this.mailboxes = mailboxes;
    this.helloWanted = true;
    this.announcing ??= this.announceChanges().finally(() => {
      this.announcing = undefined;
    });
  }

  private async announceChanges(): Promise<void> {
    while (this.helloWanted && !this.stop.signal.aborted) {
      this.helloWanted = false;
      try {
        await this.sayHello();
      } catch (error) {
        if (error instanceof AppCallError) this.failWith(error);
        else this.options.log.error({ problem: (error as Error)?.message }, "hello with the new mailboxes failed");
        return;
      }
    }
  }

  /** Runs until `signal` fires (then finishes the answers in flight) or a fatal answer from the app. */
  async run(signal: AbortSignal): Promise<RunOutcome> {
    const onStop = () => this.stop.abort();
    signal.addEventListener("abort", onStop, { once: true });
    if (signal.aborted) this.stop.abort();
    try {
      await this.sayHello();
      let held: ChannelSession | undefined;
      while (!this.stop.signal.aborted) {
        if (this.mode === "realtime") {
          await this.holdChannel(held);
          held = undefined;
        } else {
          held = await this.autoSync();
          if (held) this.setMode("realtime", "the channel is back");
        }
      }
    } catch (error) {
      if (!(error instanceof AppCallError)) throw error;
      this.failWith(error);
    } finally {
      signal.removeEventListener("abort", onStop);
      this.options.handler.stopAccepting();
      await this.announcing;
      await this.options.handler.drain();
    }
    return this.outcome();
  }

  /** --once: hello, one poll, the answers, done. No retries: a failure ends it (cron runs it again). */
  async runOnce(signal: AbortSignal): Promise<RunOutcome> {
    const onStop = () => this.stop.abort();
    signal.addEventListener("abort", onStop, { once: true });
    try {
      await this.options.client.hello({ mailboxes: this.mailboxes, signal: this.stop.signal });
      if (!this.stop.signal.aborted) {
        const { requests } = await this.options.client.poll({ signal: this.stop.signal });
        this.options.log.info({ count: requests.length }, "polled once");
        for (const request of requests) this.options.handler.accept(request, "poll");
      }
    } catch (error) {
      if (!(error instanceof AppCallError)) throw error;
      if (error.kind === "revoked" || error.kind === "upgrade-required") this.failWith(error);
      else throw error;
    } finally {
      signal.removeEventListener("abort", onStop);
      this.options.handler.stopAccepting();
      await this.options.handler.drain();
    }
    return this.outcome();
  }

  private outcome(): RunOutcome {
    if (this.fatal?.kind === "revoked") return { kind: "revoked", message: this.fatal.message };
    if (this.fatal?.kind === "upgrade-required") return { kind: "upgrade-required", message: this.fatal.message };
    return { kind: "stopped" };
  }

  private setMode(mode: Mode, reason: string): void {
    if (this.mode === mode) return;
    this.mode = mode;
    this.options.log.info({ mode, reason }, `mode: ${mode}`);
    this.emit("mode", mode);
  }

  private get pollMs(): number {
    return (this.options.pollIntervalSeconds ?? this.serverPollSeconds) * 1000;
  }

  private async sayHello(): Promise<void> {
    const backoff = new Backoff(this.options.backoff ?? DEFAULT_BACKOFF);
    while (!this.stop.signal.aborted) {
      try {
        const answer = await this.options.client.hello({ mailboxes: this.mailboxes, signal: this.stop.signal });
        this.heartbeatSeconds = answer.heartbeatSeconds;
        this.serverPollSeconds = answer.pollSeconds;
        this.options.log.info(
          {
            connectorId: answer.connectorId,
            organisation: answer.organisation,
            mailboxes: this.mailboxes.length,
            heartbeatSeconds: answer.heartbeatSeconds,
            pollSeconds: answer.pollSeconds,
          },
          "hello: the app knows this connector",
        );
        this.emit("hello", answer);
        return;
      } catch (error) {
        if (!(error instanceof AppCallError) || error.kind === "revoked" || error.kind === "upgrade-required") {
          throw error;
        }
        const wait = backoff.next(error.retryAfterMs);
        this.options.log.warn({ problem: error.message, retryInMs: wait }, "hello failed; trying again");
        await sleep(wait, this.stop.signal);
      }
    }
  }

  private openSession(): ChannelSession {
    return new ChannelSession({
      client: this.options.client,
      heartbeatSeconds: this.heartbeatSeconds,
      log: this.options.log,
      onRequest: (raw) => this.options.handler.accept(raw, "channel"),
    });
  }

  /** Until a session ends: `fatal` throws, a watchdog switches to auto-sync, cuts back off or switch. */
  private async holdChannel(existing: ChannelSession | undefined): Promise<void> {
    const session = existing ?? this.openSession();
    const closeOnStop = () => session.close();
    this.stop.signal.addEventListener("abort", closeOnStop, { once: true });
    try {
      if (await session.ready) {
        this.options.log.info("channel held (real-time)");
        this.emit("ready");
      }
      const end = await session.ended;
      if (session.sawTrafficAfterReady) this.channelBackoff.reset();
      this.afterChannelEnd(end);
      if (end.kind === "cut" && this.mode === "realtime") {
        const wait = this.channelBackoff.next(end.retryAfterMs);
        this.options.log.warn({ problem: end.problem, retryInMs: wait }, "channel cut; reconnecting");
        await sleep(wait, this.stop.signal);
      }
    } finally {
      this.stop.signal.removeEventListener("abort", closeOnStop);
    }
  }

  private afterChannelEnd(end: ChannelEnd): void {
    const heartbeat = this.heartbeatSeconds;
    switch (end.kind) {
      case "fatal":
        throw end.error;
      case "closed":
        return;
      case "no-ready":
        this.setMode(
          "auto-sync",
          `the channel's ready event did not arrive within ${heartbeat} s (a proxy may be holding the stream back)`,
        );
        return;
      case "silent":
        this.setMode("auto-sync", `no channel event for ${2 * heartbeat} s (a proxy may be buffering the stream)`);
        return;
      case "cut": {
        const now = Date.now();
        const windowMs = this.options.cutWindowMs ?? 60_000;
        this.cuts.push(now);
        while (this.cuts.length > 0 && (this.cuts[0] ?? now) <= now - windowMs) this.cuts.shift();
        if (this.cuts.length >= (this.options.cutLimit ?? 3)) {
          this.cuts.length = 0;
          this.setMode("auto-sync", `the channel was cut ${this.options.cutLimit ?? 3} times within a minute`);
        }
        return;
      }
    }
  }

  /**
   * Polls every pollMs (back-off on errors) and tries the channel every channelRetrySeconds alongside;
   * returns that channel once it has been ready for two heartbeats (a proxy that cuts long-lived
   * connections lets a new one open, then cuts it: switching back at `ready` would flap), or undefined
   * when stopped. Polling goes on during the trial, so nothing waits on a channel that may not last.
   */
  private async autoSync(): Promise<ChannelSession | undefined> {
    const retryMs = (this.options.channelRetrySeconds ?? 60) * 1000;
    const trialMs = 2 * this.heartbeatSeconds * 1000;
    let nextPollAt = Date.now();
    let nextProbeAt = this.options.autoSyncOnly ? Number.POSITIVE_INFINITY : Date.now() + retryMs;
    let probe: ChannelSession | undefined;
    let readySince: number | undefined;
    try {
      while (!this.stop.signal.aborted) {
        if (Date.now() >= nextPollAt) nextPollAt = Date.now() + (await this.pollOnce());
        if (this.stop.signal.aborted) break;
        if (!probe && Date.now() >= nextProbeAt) {
          this.options.log.info("auto-sync: trying the channel again");
          probe = this.openSession();
          readySince = undefined;
        }
        if (probe?.isReady && readySince === undefined) readySince = Date.now();
        if (
          probe &&
          readySince !== undefined &&
          Date.now() - readySince >= trialMs &&
          !(await isSettled(probe.ended))
        ) {
          const ready = probe;
          probe = undefined;
          return ready;
        }
        const trialEndsAt = readySince === undefined ? Number.POSITIVE_INFINITY : readySince + trialMs;
        const wakeAt = probe ? Math.min(nextPollAt, trialEndsAt) : Math.min(nextPollAt, nextProbeAt);
        await this.wait({
          ms: wakeAt - Date.now(),
          orUntil: probe
            ? readySince === undefined
              ? Promise.race([probe.ready, probe.ended])
              : probe.ended
            : undefined,
        });
        if (probe && (await isSettled(probe.ended))) {
          const end = await probe.ended;
          if (end.kind === "fatal") throw end.error;
          this.options.log.info({ end: end.kind }, "auto-sync: the channel is still not usable");
          probe = undefined;
          nextProbeAt = Date.now() + retryMs;
        }
      }
      return undefined;
    } finally {
      probe?.close();
    }
  }

  /** Sleeps `ms`, or less when stopped or when `orUntil` settles; leaves no timer or listener behind. */
  private async wait(input: { ms: number; orUntil?: Promise<unknown> }): Promise<void> {
    const wake = new AbortController();
    const onStop = () => wake.abort();
    this.stop.signal.addEventListener("abort", onStop, { once: true });
    try {
      const sleeping = sleep(Math.max(0, input.ms), wake.signal);
      await (input.orUntil ? Promise.race([sleeping, input.orUntil]) : sleeping);
    } finally {
      wake.abort();
      this.stop.signal.removeEventListener("abort", onStop);
    }
  }

  /** One GET /requests; returns the wait before the next one. */
  private async pollOnce(): Promise<number> {
    try {
      const { requests, pollSeconds } = await this.options.client.poll({ signal: this.stop.signal });
      if (pollSeconds) this.serverPollSeconds = pollSeconds;
      this.pollBackoff.reset();
      this.options.log.debug({ requests: requests.length }, "polled");
      for (const request of requests) this.options.handler.accept(request, "poll");
      this.emit("poll", requests.length);
      return this.pollMs;
    } catch (error) {
      if (!(error instanceof AppCallError) || error.kind === "revoked" || error.kind === "upgrade-required") {
        throw error;
      }
      if (this.stop.signal.aborted) return 0;
      const wait = Math.max(this.pollBackoff.next(error.retryAfterMs), this.pollMs);
      this.options.log.warn({ problem: error.message, retryInMs: wait }, "poll failed; trying again");
      return wait;
    }
  }
}

async function isSettled(promise: Promise<unknown>): Promise<boolean> {
  const pending = Symbol("pending");
  return (await Promise.race([promise, Promise.resolve(pending)])) !== pending;
}
