import { z } from "zod";
import type { AccountStore } from "../auth/account-store";
import type { EwsCore } from "../contract";
import { type FaultSet, faultRuleSchema } from "../faults";
import type { RequestLog } from "./request-log";

export interface ControlDeps {
  core: EwsCore;
  accounts: AccountStore;
  faults: FaultSet;
  log: RequestLog;
  /** Listener ports, control URL and CA file, as startSimulator reports them. */
  describe(): unknown;
}

export type ControlReply = { status: number; json?: unknown };

type Route = (input: { deps: ControlDeps; params: string[]; body: unknown }) => ControlReply;

const passwordSchema = z.object({ password: z.string().min(1).max(256) });

function invalid(error: z.ZodError): ControlReply {
  return { status: 400, json: { error: "invalid_input", issues: error.issues.map((i) => i.message) } };
}

/** Control API routes: method + path pattern → handler. Bodies and replies are JSON. */
export const CONTROL_ROUTES: Array<{ method: string; pattern: RegExp; run: Route }> = [
  { method: "GET", pattern: /^\/status$/, run: ({ deps }) => ({ status: 200, json: deps.describe() }) },
  {
    method: "POST",
    pattern: /^\/reset$/,
    run: ({ deps }) => {
      deps.core.reset();
      deps.faults.clear();
      deps.accounts.reset();
      return { status: 204 };
    },
  },
  { method: "GET", pattern: /^\/requests$/, run: ({ deps }) => ({ status: 200, json: deps.log.list() }) },
  {
    method: "DELETE",
    pattern: /^\/requests$/,
    run: ({ deps }) => {
      deps.log.clear();
      return { status: 204 };
    },
  },
  { method: "GET", pattern: /^\/faults$/, run: ({ deps }) => ({ status: 200, json: deps.faults.list() }) },
  {
    method: "POST",
    pattern: /^\/faults$/,
    run: ({ deps, body }) => {
      const parsed = faultRuleSchema.safeParse(body);
      return parsed.success ? { status: 201, json: deps.faults.add(parsed.data) } : invalid(parsed.error);
    },
  },
  {
    method: "DELETE",
    pattern: /^\/faults$/,
    run: ({ deps }) => {
      deps.faults.clear();
      return { status: 204 };
    },
  },
  {
    method: "DELETE",
    pattern: /^\/faults\/([^/]+)$/,
    run: ({ deps, params }) =>
      deps.faults.remove(params[0] ?? "") ? { status: 204 } : { status: 404, json: { error: "not_found" } },
  },
  {
    // Test-only visibility into a mailbox's calendar ("did the booking reach Exchange?"); the app never calls it.
    method: "GET",
    pattern: /^\/mailboxes\/([^/]+)\/calendar$/,
    run: ({ deps, params }) => {
      const items = deps.core.listCalendarItems?.(decodeURIComponent(params[0] ?? "").toLowerCase());
      return items ? { status: 200, json: items } : { status: 404, json: { error: "not_found" } };
    },
  },
  {
    method: "PUT",
    pattern: /^\/accounts\/([^/]+)\/password$/,
    run: ({ deps, params, body }) => {
      const parsed = passwordSchema.safeParse(body);
      if (!parsed.success) return invalid(parsed.error);
      const email = decodeURIComponent(params[0] ?? "");
      const changed = deps.accounts.setPassword({ email, password: parsed.data.password });
      return changed ? { status: 204 } : { status: 404, json: { error: "not_found" } };
    },
  },
];
