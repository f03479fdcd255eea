import { createHmac, randomBytes } from "node:crypto";
import type http from "node:http";
import type { Socket } from "node:net";
import type { EwsAuth } from "./ews-auth";

/**
 * Kept-alive connections to Exchange, each already authenticated (NTLM authenticates a TCP connection, not
 * a request), so a later call skips the TLS handshake and the NTLM round trips. A connection is a
 * one-socket agent used by one call at a time; it is only ever handed back for the exact key it was opened
 * under (see connectionPoolKey), is closed on any error or 401, and is dropped when idle too long, too old,
 * or over the bounds.
 */
export interface PooledConnection {
  readonly key: string;
  /** A one-socket keep-alive agent; its socket is the pooled connection. */
  readonly agent: http.Agent;
  readonly openedAt: number;
  /** The socket that carried the last request (the transport reports it). */
  socket?: Socket;
}

export interface ConnectionPoolLimits {
  /** Idle connections kept in all. */
  maxIdle: number;
  /** Idle connections kept per key (per server, account and password). */
  maxIdlePerKey: number;
  /** An idle connection is closed after this long (or sooner when the server announces a shorter timeout). */
  idleMs: number;
  /**
   * No connection is reused once this old: an authenticated connection outlives a password change or a
   * disabled account on the Exchange side for at most this long.
   */
  maxAgeMs: number;
}

export const DEFAULT_POOL_LIMITS: ConnectionPoolLimits = {
  maxIdle: 64,
  maxIdlePerKey: 8,
  idleMs: 30_000,
  maxAgeMs: 120_000,
};

interface IdleConnection {
  connection: PooledConnection;
  timer: NodeJS.Timeout;
}

function isOpen(socket: Socket | undefined): socket is Socket {
  return Boolean(socket && !socket.destroyed && socket.writable && !socket.readableEnded);
}

/** `Keep-Alive: timeout=5` (Node servers, Apache) as milliseconds; IIS usually sends none. */
function announcedIdleMs(headers: http.IncomingHttpHeaders | undefined): number | undefined {
  const value = headers?.["keep-alive"];
  const seconds = typeof value === "string" ? /timeout=(\d+)/i.exec(value)?.[1] : undefined;
  return seconds === undefined ? undefined : Number(seconds) * 1000;
}

export class EwsConnectionPool {
  private readonly idleByKey = new Map<string, IdleConnection[]>();
  /** Every idle connection, oldest hand-back first: the global bound evicts from the front. */
  private readonly idleOrder = new Set<IdleConnection>();
  private openedCount = 0;
  private reusedCount = 0;

  constructor(
    private readonly limits: ConnectionPoolLimits = DEFAULT_POOL_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  /** An idle connection opened under `key` whose socket is still open, for the caller's sole use. */
  take(key: string): PooledConnection | undefined {
    const list = this.idleByKey.get(key);
    while (list?.length) {
      const idle = list.pop() as IdleConnection;
      this.forget(idle);
      if (isOpen(idle.connection.socket) && this.now() - idle.connection.openedAt < this.limits.maxAgeMs) {
        this.reusedCount++;
        return idle.connection;
      }
      idle.connection.agent.destroy();
    }
    return undefined;
  }

  /** A new, not yet connected connection for `key`; `createAgent` must give a one-socket keep-alive agent. */
  open(input: { key: string; createAgent: () => http.Agent }): PooledConnection {
    this.openedCount++;
    return { key: input.key, agent: input.createAgent(), openedAt: this.now() };
  }

  /**
   * Returns a connection after a request that succeeded at the HTTP level (anything but a 401 or a transport
   * error, which call `discard`). It is kept only while its socket is open, young enough and within bounds.
   */
  giveBack(input: { connection: PooledConnection; headers?: http.IncomingHttpHeaders }): void {
    const { connection } = input;
    const age = this.now() - connection.openedAt;
    if (!isOpen(connection.socket) || age >= this.limits.maxAgeMs || input.headers?.connection === "close") {
      this.discard(connection);
      return;
    }
    // A second early, so that we never reuse a socket the server is closing at that moment.
    const announced = announcedIdleMs(input.headers);
    const idleMs = Math.min(
      this.limits.idleMs,
      this.limits.maxAgeMs - age,
      announced === undefined ? Number.POSITIVE_INFINITY : announced - 1000,
    );
    if (idleMs <= 0) {
      this.discard(connection);
      return;
    }
    const idle: IdleConnection = {
      connection,
      timer: setTimeout(() => {
        this.remove(idle);
        connection.agent.destroy();
      }, idleMs).unref(),
    };
    const list = this.idleByKey.get(connection.key) ?? [];
    list.push(idle);
    this.idleByKey.set(connection.key, list);
    this.idleOrder.add(idle);
    if (list.length > this.limits.maxIdlePerKey) this.evict(list[0] as IdleConnection);
    if (this.idleOrder.size > this.limits.maxIdle) this.evict(this.idleOrder.values().next().value as IdleConnection);
  }

  discard(connection: PooledConnection): void {
    connection.agent.destroy();
  }

  /** Closes every idle connection (tests; a process shutting down). */
  clear(): void {
    for (const idle of [...this.idleOrder]) this.evict(idle);
  }

  /** Counters for tests and the benchmark: connections opened, reused, and idle now. */
  stats(): { opened: number; reused: number; idle: number } {
    return { opened: this.openedCount, reused: this.reusedCount, idle: this.idleOrder.size };
  }

  private evict(idle: IdleConnection): void {
    this.remove(idle);
    idle.connection.agent.destroy();
  }

  private remove(idle: IdleConnection): void {
    const list = this.idleByKey.get(idle.connection.key);
    const index = list?.indexOf(idle) ?? -1;
    if (list && index >= 0) list.splice(index, 1);
    if (list?.length === 0) this.idleByKey.delete(idle.connection.key);
    this.forget(idle);
  }

  private forget(idle: IdleConnection): void {
    clearTimeout(idle.timer);
    this.idleOrder.delete(idle);
    const list = this.idleByKey.get(idle.connection.key);
    if (list?.length === 0) this.idleByKey.delete(idle.connection.key);
  }
}

/** The process's pool for EWS calls made through runEws. */
export const ewsConnectionPool = new EwsConnectionPool();

// Keys are HMACs under a key made at start-up: a key in memory (or a heap dump) cannot be used to test
// password guesses offline, and nothing about it survives the process.
const KEY_SECRET = randomBytes(32);

/**
 * Who a connection is for: the exact EWS URL, the auth scheme and the whole account (domain, user,
 * workstation, password), the trust bundle (`caKey`, see secureContextKey) and the checked addresses the
 * connection was pinned to. Any difference (a changed password, a new CA, DNS now pointing elsewhere)
 * gives another key, so a connection is never shared across credentials or trust.
 */
export function connectionPoolKey(input: {
  url: string;
  auth: EwsAuth;
  caKey: string;
  addresses: readonly string[];
}): string {
  const { auth } = input;
  const parts = [
    input.url,
    auth.kind,
    auth.domain ?? "",
    auth.username,
    auth.kind === "ntlm" ? (auth.workstation ?? "") : "",
    auth.password,
    input.caKey,
    [...input.addresses].sort().join(","),
  ];
  return createHmac("sha256", KEY_SECRET).update(JSON.stringify(parts)).digest("base64url");
}
