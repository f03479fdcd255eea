import "server-only";
import { format } from "node:util";
import type { Instrumentation } from "next";
import { log, summarizeError } from "@/lib/log";
import { REQUEST_ID_HEADER } from "@/lib/security/request-id";

/**
 * An error that escaped a page, route handler, server action or proxy.ts (Next.js's `onRequestError`),
 * logged with what finds its request: the request id, the method, the path without its query string
 * (search text, ids), the route. Never the headers (cookies) and never more of the error than
 * summarizeError keeps.
 */
export function logRequestError(...[error, request, context]: Parameters<Instrumentation.onRequestError>): void {
  const requestId = request.headers[REQUEST_ID_HEADER];
  log.error(
    {
      requestId: typeof requestId === "string" ? requestId : undefined,
      method: request.method,
      path: request.path.split("?")[0],
      routePath: context.routePath,
      routeType: context.routeType,
      renderSource: context.renderSource,
      err: summarizeError(error),
    },
    "request failed",
  );
}

/** Text and numbers as they are; any other object by its type alone, since it may hold anything. */
function describeArgument(value: unknown): unknown {
  return value === null || typeof value !== "object" ? value : `[${Array.isArray(value) ? "array" : "object"}]`;
}

/**
 * Sends console.error through the app's logger: Next.js reports every error that escapes a request there
 * (message, stack, cause and every property, such as drizzle's `params`), which would otherwise bypass the
 * logger's summary and redaction. Errors become summaries; other objects are named by their kind only;
 * text is kept. Returns a function that puts the original back.
 */
export function routeConsoleErrorsToLog(): () => void {
  const original = console.error;
  console.error = (...args: unknown[]) => {
    try {
      const [err, ...moreErrors] = args.filter((arg) => arg instanceof Error).map((error) => summarizeError(error));
      const text = format(...args.filter((arg) => !(arg instanceof Error)).map(describeArgument)).trim();
      log.error({ source: "console.error", err, ...(moreErrors.length > 0 ? { moreErrors } : {}) }, text || "error");
    } catch {
      // Logging must never be what fails a request.
    }
  };
  return () => {
    console.error = original;
  };
}
