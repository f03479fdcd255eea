import type { ListenerVariant } from "../pki/variants";

/** One received request as the control API reports it: never bodies, never credentials. */
export interface RequestLogEntry {
  id: number;
  at: string;
  variant: ListenerVariant;
  method: string;
  path: string;
  status: number;
  durationMs: number;
  operation?: string;
  requestedServerVersion?: string;
  requestedView?: string;
  /** GetUserAvailability: the TimeWindow asked for, as written (EwsRequestSummary.timeWindow). */
  timeWindow?: { start: string; end: string };
  account?: string;
  authScheme?: string;
  /** Why a 401 was sent: no credentials, the NTLM challenge step, or rejected credentials. */
  authStep?: string;
  impersonating?: string;
  mailboxes?: string[];
  fault?: string;
  /** GetItem/FindItem: the properties asked for (EwsRequestSummary.itemShape). */
  itemShape?: string;
}

export interface RequestLog {
  append(entry: Omit<RequestLogEntry, "id">): void;
  list(): RequestLogEntry[];
  clear(): void;
}

/** Keeps the latest `capacity` entries so a long demo run cannot grow without bound. */
export function createRequestLog(capacity = 2_000): RequestLog {
  let entries: RequestLogEntry[] = [];
  let nextId = 1;
  return {
    append(entry) {
      entries.push({ id: nextId++, ...entry });
      if (entries.length > capacity) entries = entries.slice(-capacity);
    },
    list: () =>
      entries.map((e) => ({
        ...e,
        ...(e.mailboxes ? { mailboxes: [...e.mailboxes] } : {}),
        ...(e.timeWindow ? { timeWindow: { ...e.timeWindow } } : {}),
      })),
    clear() {
      entries = [];
    },
  };
}
