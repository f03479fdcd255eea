import "server-only";
import { promisify } from "node:util";
import { gunzip, gzip } from "node:zlib";
import { sql } from "drizzle-orm";
import { type DatabaseHandle, databaseHandle } from "@/lib/db";
import type { RelayAnswer } from "./protocol";

/**
 * Postgres LISTEN/NOTIFY between app instances: whichever instance holds a connector's channel learns of
 * new requests for it, and whichever instance receives an answer hands it to the instance waiting for it.
 * Answers pass through NOTIFY only (Postgres's in-memory notification queue), never through a table.
 */
const SIGNALS = "slotbridge_connector_signals";
const ANSWERS = "slotbridge_connector_answers";

/** NOTIFY payloads must stay under 8000 bytes; answers are gzipped, base64'd and sent in pieces this big. */
const PIECE_CHARS = 7_000;

export type ConnectorSignal =
  | { connectorId: string; kind: "request"; requestId: string }
  /** Revoked or deleted: channels held for it close. */
  | { connectorId: string; kind: "revoked" };

interface AnswerWaiter {
  pieces: string[];
  received: number;
  resolve: (answer: RelayAnswer) => void;
}

interface BusState {
  listening: Promise<void> | null;
  subscribers: Map<string, Set<(signal: ConnectorSignal) => void>>;
  waiters: Map<string, AnswerWaiter>;
}

// Route handlers and server code are bundled separately; one state per database handle keeps them together.
const slot = globalThis as typeof globalThis & { __slotbridgeConnectorBus?: WeakMap<DatabaseHandle, BusState> };

function state(): { handle: DatabaseHandle; bus: BusState } {
  slot.__slotbridgeConnectorBus ??= new WeakMap();
  const handle = databaseHandle();
  let bus = slot.__slotbridgeConnectorBus.get(handle);
  if (!bus) {
    bus = { listening: null, subscribers: new Map(), waiters: new Map() };
    slot.__slotbridgeConnectorBus.set(handle, bus);
  }
  return { handle, bus };
}

function onSignal(bus: BusState, payload: string) {
  let signal: ConnectorSignal;
  try {
    signal = JSON.parse(payload) as ConnectorSignal;
  } catch {
    return;
  }
  for (const subscriber of bus.subscribers.get(signal.connectorId) ?? []) subscriber(signal);
}

const gunzipAsync = promisify(gunzip);
const gzipAsync = promisify(gzip);

function onAnswerPiece(bus: BusState, payload: string) {
  // "<request id> <index> <count> <piece>"
  const [requestId, index, count, piece] = payload.split(" ", 4);
  const waiter = requestId ? bus.waiters.get(requestId) : undefined;
  if (!waiter || piece === undefined) return;
  const position = Number(index);
  if (waiter.pieces.length === 0) waiter.pieces = new Array(Number(count)).fill(undefined);
  if (waiter.pieces[position] !== undefined) return;
  waiter.pieces[position] = piece;
  waiter.received++;
  if (waiter.received < waiter.pieces.length) return;
  bus.waiters.delete(requestId as string);
  gunzipAsync(Buffer.from(waiter.pieces.join(""), "base64"))
    .then((json) => waiter.resolve(JSON.parse(json.toString("utf8")) as RelayAnswer))
    .catch(() => waiter.resolve({ error: { reason: "unexpected", message: "The answer arrived damaged." } }));
}

function ensureListening(): Promise<void> {
  const { handle, bus } = state();
  bus.listening ??= Promise.all([
    handle.listen(SIGNALS, (payload) => onSignal(bus, payload)),
    handle.listen(ANSWERS, (payload) => onAnswerPiece(bus, payload)),
  ]).then(
    () => undefined,
    (error: unknown) => {
      bus.listening = null;
      throw error;
    },
  );
  return bus.listening;
}

/** Calls `onSignal` for every signal about this connector, from any instance, until the returned stop. */
export async function subscribeToConnector(
  connectorId: string,
  listener: (signal: ConnectorSignal) => void,
): Promise<() => void> {
  await ensureListening();
  const { bus } = state();
  const listeners = bus.subscribers.get(connectorId) ?? new Set();
  listeners.add(listener);
  bus.subscribers.set(connectorId, listeners);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) bus.subscribers.delete(connectorId);
  };
}

export async function signalConnector(signal: ConnectorSignal): Promise<void> {
  await state().handle.db.execute(sql`select pg_notify(${SIGNALS}, ${JSON.stringify(signal)})`);
}

/**
 * Starts waiting for the answer to `requestId` (before the request is queued, so no answer can slip past).
 * `cancel` stops waiting; the promise then never settles.
 */
export async function expectAnswer(requestId: string): Promise<{ answer: Promise<RelayAnswer>; cancel: () => void }> {
  await ensureListening();
  const { bus } = state();
  const answer = new Promise<RelayAnswer>((resolve) => {
    bus.waiters.set(requestId, { pieces: [], received: 0, resolve });
  });
  return { answer, cancel: () => bus.waiters.delete(requestId) };
}

/** Hands an answer to the instance waiting for it, in pieces small enough for NOTIFY. */
export async function publishAnswer(requestId: string, answer: RelayAnswer): Promise<void> {
  const packed = (await gzipAsync(Buffer.from(JSON.stringify(answer), "utf8"))).toString("base64");
  const pieces: string[] = [];
  for (let at = 0; at < packed.length || pieces.length === 0; at += PIECE_CHARS) {
    pieces.push(packed.slice(at, at + PIECE_CHARS));
  }
  const payloads = pieces.map((piece, index) => `${requestId} ${index} ${pieces.length} ${piece}`);
  // A select list holds at most 1,664 entries; a few hundred per statement keeps well under it.
  for (let at = 0; at < payloads.length; at += 400) {
    const batch = payloads.slice(at, at + 400).map((payload) => sql`pg_notify(${ANSWERS}, ${payload})`);
    await state().handle.db.execute(sql`select ${sql.join(batch, sql`, `)}`);
  }
}
