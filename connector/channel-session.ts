import { createParser, type EventSourceMessage } from "eventsource-parser";
import type { Logger } from "pino";
import { type AppCallError, type AppClient, AppCallError as CallError } from "./app-client";

/** How one channel connection ended. */
export type ChannelEnd =
  /** `ready` did not arrive within heartbeatSeconds (a proxy holding the stream back). */
  | { kind: "no-ready" }
  /** No event for 2 × heartbeatSeconds after `ready` (a proxy buffering the stream). */
  | { kind: "silent" }
  /** The stream ended or broke, or could not be opened (network, TLS, 429, 5xx, another status). */
  | { kind: "cut"; problem: string; retryAfterMs?: number; wasReady: boolean }
  /** `revoked` event, 401 or 426: the runner stops. */
  | { kind: "fatal"; error: AppCallError }
  /** Closed by us. */
  | { kind: "closed" };

/**
 * One GET /channel connection read with eventsource-parser, with its two watchdogs. `ready` settles true
 * when the `ready` event arrives and false if the connection ends first; `ended` settles once, however
 * it ends. Requests go to `onRequest` as they arrive.
 */
export class ChannelSession {
  readonly ready: Promise<boolean>;
  readonly ended: Promise<ChannelEnd>;
  /** An event arrived after `ready`: the stream is known to flow, so back-off may start over. */
  sawTrafficAfterReady = false;
  isReady = false;
  private resolveReady!: (ready: boolean) => void;
  private resolveEnded!: (end: ChannelEnd) => void;
  private readonly controller = new AbortController();
  private watchdog: NodeJS.Timeout | undefined;
  private heartbeatMs: number;
  private finished = false;

  constructor(
    private readonly input: {
      client: AppClient;
      heartbeatSeconds: number;
      log: Logger;
      onRequest: (raw: unknown) => void;
    },
  ) {
    this.heartbeatMs = input.heartbeatSeconds * 1000;
    this.ready = new Promise((resolve) => {
      this.resolveReady = resolve;
    });
    this.ended = new Promise((resolve) => {
      this.resolveEnded = resolve;
    });
    this.arm(this.heartbeatMs, { kind: "no-ready" });
    void this.read();
  }

  close(): void {
    this.finish({ kind: "closed" });
  }

  private arm(ms: number, end: ChannelEnd): void {
    clearTimeout(this.watchdog);
    this.watchdog = setTimeout(() => this.finish(end), ms);
  }

  private finish(end: ChannelEnd): void {
    if (this.finished) return;
    this.finished = true;
    clearTimeout(this.watchdog);
    this.controller.abort();
    this.resolveReady(false);
    this.resolveEnded(end);
  }

  private async read(): Promise<void> {
    let body: AsyncIterable<Buffer> & { destroy(): void };
    try {
      const response = await this.input.client.openChannel({ signal: this.controller.signal });
      body = response.body as unknown as AsyncIterable<Buffer> & { destroy(): void };
    } catch (error) {
      if (this.finished) return;
      const failure = error as AppCallError;
      if (failure instanceof CallError && (failure.kind === "revoked" || failure.kind === "upgrade-required")) {
        return this.finish({ kind: "fatal", error: failure });
      }
      return this.finish({
        kind: "cut",
        problem: failure.message,
        wasReady: false,
        ...(failure.retryAfterMs !== undefined ? { retryAfterMs: failure.retryAfterMs } : {}),
      });
    }
    if (this.finished) return body.destroy();
    const parser = createParser({
      onEvent: (event) => this.onEvent(event),
      onError: () => this.input.log.debug("skipped an unreadable line on the channel"),
    });
    const decoder = new TextDecoder();
    try {
      for await (const chunk of body) {
        if (this.finished) break;
        parser.feed(decoder.decode(chunk, { stream: true }));
      }
    } catch {
      // Cut mid-stream (or aborted by us): the end below tells which.
    } finally {
      body.destroy();
    }
    this.finish({ kind: "cut", problem: `${this.input.client.host} ended the stream.`, wasReady: this.isReady });
  }

  private onEvent(event: EventSourceMessage): void {
    if (this.finished) return;
    if (this.isReady) {
      this.sawTrafficAfterReady = true;
      this.arm(2 * this.heartbeatMs, { kind: "silent" });
    }
    switch (event.event) {
      case "ready": {
        const seconds = readHeartbeat(event.data);
        if (seconds) this.heartbeatMs = seconds * 1000;
        if (!this.isReady) {
          this.isReady = true;
          this.arm(2 * this.heartbeatMs, { kind: "silent" });
          this.resolveReady(true);
        }
        return;
      }
      case "request": {
        let data: unknown;
        try {
          data = JSON.parse(event.data);
        } catch {
          this.input.log.warn({ eventId: event.id }, "ignored a request event that is not JSON");
          return;
        }
        this.input.onRequest(data);
        return;
      }
      case "ping":
        return;
      case "revoked":
        this.finish({
          kind: "fatal",
          error: new CallError(
            "revoked",
            "The app has revoked this connector's token (or the connector was deleted). Create a new pairing code in the app and run pair again.",
          ),
        });
        return;
      default:
        this.input.log.debug({ event: event.event }, "ignored an unknown channel event");
    }
  }
}

function readHeartbeat(data: string): number | undefined {
  try {
    const value = (JSON.parse(data) as { heartbeatSeconds?: unknown }).heartbeatSeconds;
    return typeof value === "number" && value > 0 && value <= 3600 ? value : undefined;
  } catch {
    return undefined;
  }
}
