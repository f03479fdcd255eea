import { z } from "zod";
import type { EwsRequestSummary } from "./contract";

/** What can go wrong with an EWS answer; applied by http/send-with-fault.ts. */
export const faultActionSchema = z.discriminatedUnion("kind", [
  /** HTTP 500 with ErrorServerBusy and BackOffMilliseconds, from the core. */
  z.object({ kind: z.literal("server-busy"), backOffMs: z.number().int().min(0).default(30_000) }),
  /** A bare IIS-style error page. */
  z.object({ kind: z.literal("http-error"), status: z.union([z.literal(500), z.literal(503)]) }),
  /** Never answer: the client must give up on its own. */
  z.object({ kind: z.literal("hang") }),
  /** Send headers and part of the body, then destroy the socket. */
  z.object({ kind: z.literal("reset"), afterBytes: z.number().int().min(0).default(200) }),
  /** HTTP 200 whose body is cut mid-element. */
  z.object({ kind: z.literal("malformed-xml") }),
  /** The real answer, a few bytes at a time. */
  z.object({
    kind: z.literal("trickle"),
    chunkBytes: z.number().int().min(1).default(64),
    delayMs: z.number().int().min(0).max(10_000).default(50),
  }),
  /**
   * The core's real answer without the named elements (local names in the EWS types and messages namespaces,
   * e.g. "IsCancelled", "ServerVersionInfo"), as a server that leaves optional parts out sends it. Only what
   * Microsoft's schema lets a server leave out: when the result no longer validates, the simulator answers a
   * plain-text 500 naming the schema error instead (http/omit-elements.ts).
   */
  z.object({
    kind: z.literal("omit"),
    elements: z
      .array(z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/, "an element's local name"))
      .min(1)
      .max(50),
  }),
  /**
   * A fixed answer instead of the core's, which never runs: e.g. one of Microsoft's documented responses
   * (ews-simulator/examples) byte for byte, so a client is tested against the form a real server sends.
   */
  z.object({
    kind: z.literal("replay"),
    status: z.number().int().min(200).max(599).default(200),
    contentType: z.string().max(200).default("text/xml; charset=utf-8"),
    body: z.string().min(1).max(60_000),
  }),
]);

export const latencySchema = z.union([
  z.object({ fixedMs: z.number().int().min(0).max(600_000) }),
  z
    .object({ minMs: z.number().int().min(0), maxMs: z.number().int().max(600_000) })
    .refine((l) => l.minMs <= l.maxMs, "minMs must not exceed maxMs"),
]);

export const faultRuleSchema = z
  .object({
    /** Matched against the request's mailboxes and the signed-in account; absent = every request. */
    mailbox: z.string().trim().toLowerCase().optional(),
    /** e.g. "GetUserAvailability"; absent = every operation. */
    operation: z.string().optional(),
    latency: latencySchema.optional(),
    action: faultActionSchema.optional(),
    /** Apply this many times, then forget the rule; absent = until cleared. */
    times: z.number().int().min(1).optional(),
  })
  .refine((rule) => rule.latency || rule.action, "a fault needs a latency or an action");

export type FaultAction = z.infer<typeof faultActionSchema>;
export type Latency = z.infer<typeof latencySchema>;
export type FaultRule = z.infer<typeof faultRuleSchema>;
export type StoredFaultRule = FaultRule & { id: string };

export interface FaultDecision {
  latencyMs: number;
  action?: FaultAction;
  ruleIds: string[];
}

export interface FaultSet {
  add(rule: FaultRule): StoredFaultRule;
  list(): StoredFaultRule[];
  remove(id: string): boolean;
  clear(): void;
  /**
   * Picks what applies to one request and counts it against rules limited by `times`. `namedOnly`: only rules
   * that name this request's operation (autodiscover takes those, so rules for every EWS call leave it alone).
   */
  decide(input: { summary?: EwsRequestSummary; accountEmail?: string; namedOnly?: boolean }): FaultDecision;
}

function pickLatency(latency: Latency): number {
  if ("fixedMs" in latency) return latency.fixedMs;
  return latency.minMs + Math.floor(Math.random() * (latency.maxMs - latency.minMs + 1));
}

export function createFaultSet(): FaultSet {
  let rules: Array<StoredFaultRule & { remaining?: number }> = [];
  let nextId = 1;

  function matches(input: {
    rule: FaultRule;
    summary?: EwsRequestSummary;
    accountEmail?: string;
    namedOnly?: boolean;
  }): boolean {
    const { rule, summary, accountEmail } = input;
    if (input.namedOnly && !rule.operation) return false;
    if (rule.operation && rule.operation !== summary?.operation) return false;
    if (!rule.mailbox) return true;
    const targets = [...(summary?.mailboxes ?? []), accountEmail ?? ""].map((m) => m.toLowerCase());
    return targets.includes(rule.mailbox);
  }

  return {
    add(rule) {
      const stored = { ...rule, id: String(nextId++), remaining: rule.times };
      rules.push(stored);
      return { ...rule, id: stored.id };
    },
    list: () => rules.map(({ remaining, ...rule }) => ({ ...rule, ...(remaining ? { times: remaining } : {}) })),
    remove(id) {
      const before = rules.length;
      rules = rules.filter((r) => r.id !== id);
      return rules.length < before;
    },
    clear() {
      rules = [];
    },
    decide(input) {
      const matching = rules.filter((rule) => matches({ rule, ...input }));
      // A mailbox-specific action beats a global one, so a global latency can sit beside a targeted failure.
      const withAction = [...matching.filter((r) => r.mailbox), ...matching.filter((r) => !r.mailbox)].find(
        (r) => r.action,
      );
      const latencies = matching.filter((r) => r.latency).map((r) => pickLatency(r.latency as Latency));
      const used = matching.filter((r) => r.latency || r === withAction);
      for (const rule of used) {
        if (rule.remaining !== undefined) rule.remaining -= 1;
      }
      rules = rules.filter((r) => r.remaining === undefined || r.remaining > 0);
      return { latencyMs: Math.max(0, ...latencies), action: withAction?.action, ruleIds: used.map((r) => r.id) };
    },
  };
}
