import "server-only";
import { log, summarizeError } from "@/lib/log";
import { subscribeToConnector } from "./bus";
import { markChannelClosed, markConnectorSeen } from "./presence";
import { claimPendingRelayRequests, claimRelayRequest, type RelayRequest } from "./queue";
import type { ConnectorTiming } from "./timing";

const encoder = new TextEncoder();

// The channels this process holds. A stream never ends by itself, and a server shutting down waits for its
// open responses: on SIGTERM (a deploy, a scale-in) they are closed, and their connectors reconnect to
// another instance (behind a load balancer) or to this one once it is back.
// Also: a connector holds one channel at a time, so when it opens a new one here, its older ones on this
// instance are dead connections a proxy kept open, and are closed.
interface OpenChannel {
  connectorId: string;
  close: () => void;
}
const slot = globalThis as typeof globalThis & { __slotbridgeOpenChannels?: Set<OpenChannel> };

function openChannels(): Set<OpenChannel> {
  if (!slot.__slotbridgeOpenChannels) {
    const channels = new Set<OpenChannel>();
    slot.__slotbridgeOpenChannels = channels;
    const closeAll = () => {
      for (const channel of [...channels]) channel.close();
    };
    process.once("SIGTERM", closeAll);
    process.once("SIGINT", closeAll);
  }
  return slot.__slotbridgeOpenChannels;
}

function frame(input: { event: string; data: unknown; id?: string }): Uint8Array {
  const id = input.id ? `id: ${input.id}\n` : "";
  return encoder.encode(`${id}event: ${input.event}\ndata: ${JSON.stringify(input.data)}\n\n`);
}

/**
 * A connector's real-time channel (Server-Sent Events, connector/PROTOCOL.md): `ready` at once, then every
 * request queued for it, from this instance or any other (announced over NOTIFY), a `ping` each heartbeat,
 * and `revoked` when an admin revokes or deletes it. Requests waiting when it opens are sent first; ones
 * handed to a channel that died unanswered are handed out again REDELIVER_AFTER_MS later, at a heartbeat
 * or a poll (the connector answers an id once).
 */
export function openConnectorChannel(input: {
  connectorId: string;
  timing: ConnectorTiming;
  /** The HTTP request's signal: fires when the connector goes away. */
  signal: AbortSignal;
}): ReadableStream<Uint8Array> {
  const { connectorId, timing } = input;
  let cleanup: (() => void) | undefined;

  return new ReadableStream<Uint8Array>({
    async start(controller) {
      let open = true;
      const timers: NodeJS.Timeout[] = [];
      let unsubscribe: (() => void) | undefined;
      const close = () => {
        if (!open) return;
        open = false;
        openChannels().delete(entry);
        for (const timer of timers) clearInterval(timer);
        unsubscribe?.();
        void markChannelClosed({ connectorId, timing }).catch(() => {});
        try {
          controller.close();
        } catch {
          // already closed by the client going away
        }
      };
      cleanup = close;
      const entry: OpenChannel = { connectorId, close };
      for (const older of [...openChannels()]) if (older.connectorId === connectorId) older.close();
      openChannels().add(entry);
      const send = (chunk: Uint8Array) => {
        if (!open) return;
        try {
          controller.enqueue(chunk);
        } catch {
          close();
        }
      };
      // What this channel handed out: never again through it (see claimPendingRelayRequests).
      const delivered: string[] = [];
      const deliver = (request: RelayRequest | null) => {
        if (!request) return;
        delivered.push(request.id);
        if (delivered.length > 200) delivered.shift();
        send(frame({ event: "request", data: request, id: request.id }));
      };
      const drain = async () => {
        if (!open) return;
        for (const request of await claimPendingRelayRequests(connectorId, delivered)) deliver(request);
      };
      const guard = (work: () => Promise<void>) => () => {
        work().catch((error: unknown) => {
          log.warn({ connectorId, err: summarizeError(error) }, "connector channel step failed");
        });
      };

      input.signal.addEventListener("abort", close, { once: true });
      unsubscribe = await subscribeToConnector(connectorId, (signal) => {
        if (signal.kind === "revoked") {
          send(frame({ event: "revoked", data: {} }));
          close();
          return;
        }
        guard(async () => deliver(await claimRelayRequest({ id: signal.requestId, connectorId })))();
      });
      if (!(await markConnectorSeen({ connectorId, mode: "realtime", timing }))) {
        send(frame({ event: "revoked", data: {} }));
        close();
        return;
      }
      send(frame({ event: "ready", data: { connectorId, heartbeatSeconds: timing.heartbeatSeconds } }));
      await drain();
      timers.push(
        setInterval(
          guard(async () => {
            send(frame({ event: "ping", data: { at: new Date().toISOString() } }));
            if (!(await markConnectorSeen({ connectorId, mode: "realtime", timing }))) {
              send(frame({ event: "revoked", data: {} }));
              close();
              return;
            }
            await drain();
          }),
          timing.heartbeatSeconds * 1000,
        ),
      );
    },
    cancel() {
      cleanup?.();
    },
  });
}
