import { EventEmitter, once } from "node:events";
import type { IncomingMessage, ServerResponse } from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import type { RelayAnswer, RelayRequest } from "../relay";

/**
 * A small real HTTPS server speaking PROTOCOL.md's app side, for the connector's tests. Its channel can
 * behave like the network in front of a real app: normal (ready, pings, requests), `hold` (a proxy that
 * buffers and never flushes: nothing at all arrives), `silent-after-ready`, or `cut` (ready, then the
 * connection is closed at once).
 */
export type ChannelBehaviour = "normal" | "hold" | "silent-after-ready" | "cut";

export interface RecordedAnswer {
  id: string;
  answer: RelayAnswer;
  status: number;
}

interface AppServerEvents {
  hello: [mailboxes: Array<{ address: string; impersonate: boolean }>];
  channel: [];
  poll: [];
  answer: [answer: RecordedAnswer];
}

export class TestAppServer extends EventEmitter<AppServerEvents> {
  /** The token the app accepts; pairing again replaces it, as the app does, and the old one is refused. */
  token = "sbc_test-token-0123456789";
  private pairings = 0;
  pairingCode = "ABCD-EFGH";
  channelBehaviour: ChannelBehaviour = "normal";
  heartbeatSeconds = 0.3;
  pollSeconds = 0.1;
  revoked = false;
  /** Per path: how many times to answer 503 before serving normally. */
  failNext = new Map<string, number>();
  readonly answers: RecordedAnswer[] = [];
  readonly pending: RelayRequest[] = [];
  readonly requestHeaders: Array<Record<string, string | string[] | undefined>> = [];
  private readonly known = new Set<string>();
  private readonly answered = new Set<string>();
  private readonly channels = new Set<ServerResponse>();
  /** Channel responses that never get events (hold, silent-after-ready), closed on stop. */
  private readonly held = new Set<ServerResponse>();
  private pingTimer: NodeJS.Timeout | undefined;
  private server: https.Server;
  port = 0;

  constructor(private readonly tlsOptions: { key: string; cert: string }) {
    super();
    this.server = this.createServer();
  }

  get url(): string {
    return `https://localhost:${this.port}`;
  }

  private createServer(): https.Server {
    return https.createServer(this.tlsOptions, (req, res) => {
      this.handle(req, res).catch(() => res.destroy());
    });
  }

  async start(port = 0): Promise<void> {
    this.server.listen(port, "127.0.0.1");
    await once(this.server, "listening");
    this.port = (this.server.address() as AddressInfo).port;
    this.pingTimer = setInterval(
      () => {
        for (const channel of this.channels) this.send(channel, "ping", { at: new Date().toISOString() });
      },
      (this.heartbeatSeconds * 1000) / 3,
    );
  }

  /** Closes every connection, the channel's included (a server restart or crash). */
  async stop(): Promise<void> {
    clearInterval(this.pingTimer);
    for (const channel of [...this.channels, ...this.held]) channel.destroy();
    this.channels.clear();
    this.held.clear();
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  async restart(): Promise<void> {
    await this.stop();
    this.server = this.createServer();
    await this.start(this.port);
  }

  get openChannels(): number {
    return this.channels.size;
  }

  /** Delivers a request on every open channel (or, with `via: "poll"`, keeps it for the next poll). */
  deliver(request: RelayRequest, via: "channel" | "poll" = "channel"): void {
    this.known.add(request.id);
    if (via === "poll") {
      this.pending.push(request);
      return;
    }
    for (const channel of this.channels) this.send(channel, "request", request, request.id);
  }

  /** Revokes the token: a `revoked` event on the open channels, 401 revoked on every later call. */
  revoke(): void {
    this.revoked = true;
    for (const channel of this.channels) {
      this.send(channel, "revoked", {});
      channel.end();
    }
    this.channels.clear();
  }

  answersFor(id: string): RecordedAnswer[] {
    return this.answers.filter((answer) => answer.id === id);
  }

  /** Resolves with the first answer for `id` (already recorded or still to come). */
  async waitForAnswer(id: string): Promise<RecordedAnswer> {
    const existing = this.answersFor(id)[0];
    if (existing) return existing;
    for (;;) {
      const [answer] = await once(this, "answer");
      if ((answer as RecordedAnswer).id === id) return answer as RecordedAnswer;
    }
  }

  private send(res: ServerResponse, event: string, data: unknown, id?: string): void {
    res.write(`${id ? `id: ${id}\n` : ""}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  private json(res: ServerResponse, status: number, body?: unknown): void {
    res.writeHead(status, body === undefined ? {} : { "Content-Type": "application/json" });
    res.end(body === undefined ? undefined : JSON.stringify(body));
  }

  private async readJson(req: IncomingMessage): Promise<unknown> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return JSON.parse(Buffer.concat(chunks).toString("utf8") || "null");
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.requestHeaders.push(req.headers);
    const path = new URL(req.url ?? "/", "https://localhost").pathname.replace(/^\/api\/connector\/v1/, "");
    const failures = this.failNext.get(path) ?? 0;
    if (failures > 0) {
      this.failNext.set(path, failures - 1);
      return this.json(res, 503, { error: "unavailable" });
    }
    if (req.method === "POST" && path === "/pair") {
      const body = (await this.readJson(req)) as { code?: string };
      if (body.code !== this.pairingCode) return this.json(res, 401, { error: "invalid-code" });
      this.pairingCode = "used";
      this.pairings += 1;
      if (this.pairings > 1) this.token = `sbc_test-token-${this.pairings}-0123456789`;
      return this.json(res, 201, {
        connectorId: "3f1c2a9e-7b1d-4c55-9d55-1f0e2d3c4b5a",
        token: this.token,
        organisation: "Contoso",
        heartbeatSeconds: this.heartbeatSeconds,
        pollSeconds: this.pollSeconds,
      });
    }
    if (req.headers.authorization !== `Bearer ${this.token}`) return this.json(res, 401, { error: "unauthorized" });
    if (this.revoked) return this.json(res, 401, { error: "revoked" });

    if (req.method === "POST" && path === "/hello") {
      const body = (await this.readJson(req)) as { mailboxes: Array<{ address: string; impersonate: boolean }> };
      this.emit("hello", body.mailboxes);
      return this.json(res, 200, {
        connectorId: "3f1c2a9e-7b1d-4c55-9d55-1f0e2d3c4b5a",
        organisation: "Contoso",
        heartbeatSeconds: this.heartbeatSeconds,
        pollSeconds: this.pollSeconds,
      });
    }
    if (req.method === "GET" && path === "/channel") return this.openChannel(res);
    if (req.method === "GET" && path === "/requests") {
      const requests = this.pending.splice(0, 20);
      this.emit("poll");
      return this.json(res, 200, { requests, pollSeconds: this.pollSeconds });
    }
    const answerPath = /^\/requests\/([^/]+)\/answer$/.exec(path);
    if (req.method === "POST" && answerPath) {
      const id = decodeURIComponent(answerPath[1] ?? "");
      const answer = (await this.readJson(req)) as RelayAnswer;
      const status = this.known.has(id) && !this.answered.has(id) ? 204 : 404;
      this.answered.add(id);
      this.json(res, status);
      const recorded = { id, answer, status };
      this.answers.push(recorded);
      this.emit("answer", recorded);
      return;
    }
    this.json(res, 404, { error: "not-found" });
  }

  private openChannel(res: ServerResponse): void {
    this.emit("channel");
    const behaviour = this.channelBehaviour;
    if (behaviour === "hold") {
      // Nothing reaches the connector, not even the headers: what a buffering proxy passes on.
      this.held.add(res);
      res.on("close", () => this.held.delete(res));
      return;
    }
    res.writeHead(200, { "Content-Type": "text/event-stream", "Cache-Control": "no-cache, no-transform" });
    this.send(res, "ready", {
      connectorId: "3f1c2a9e-7b1d-4c55-9d55-1f0e2d3c4b5a",
      heartbeatSeconds: this.heartbeatSeconds,
    });
    if (behaviour === "cut") {
      res.destroy();
      return;
    }
    if (behaviour === "silent-after-ready") {
      this.held.add(res);
      res.on("close", () => this.held.delete(res));
      return;
    }
    this.channels.add(res);
    res.on("close", () => this.channels.delete(res));
  }
}
