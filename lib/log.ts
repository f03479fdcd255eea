import pino, { type DestinationStream, type Logger } from "pino";
import { serverErrorFacts } from "@/lib/db/errors";

/**
 * Field paths whose values never reach a log line, wherever they appear in what is logged: passwords,
 * sealed secrets, tokens and authorization headers. Code should not log them in the first place; this
 * is the net under that rule.
 */
export const REDACTED_PATHS = [
  "password",
  "*.password",
  "newPassword",
  "*.newPassword",
  "currentPassword",
  "*.currentPassword",
  "secret",
  "*.secret",
  "token",
  "*.token",
  "authorization",
  "*.authorization",
  "headers.authorization",
  "*.headers.authorization",
  "headers.cookie",
  "*.headers.cookie",
];

/**
 * The `err` and `error` fields: an Error is summarised (never its raw message, properties or cause); a
 * summary is kept as it is. pino's own error serializer would copy every property of a raw error and call
 * a summary's type "Object".
 */
function serializeError(value: unknown): unknown {
  return value instanceof Error ? summarizeError(value) : value;
}

/** Structured JSON logs (one object per line), with the redaction above. */
export function createLogger(destination?: DestinationStream): Logger {
  return pino(
    {
      level: process.env.LOG_LEVEL ?? "info",
      base: { app: "slotbridge" },
      redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
      serializers: { err: serializeError, error: serializeError },
    },
    destination,
  );
}

export const log = createLogger();

export interface SafeErrorSummary {
  type: string;
  code?: string;
  message: string;
  stack?: string;
  cause?: SafeErrorSummary;
}

/**
 * What of an unexpected error may be logged. Query errors can carry their bound parameters (drizzle's
 * "Failed query: … params: …" message and `params` property: sealed secrets, hashes, addresses; Postgres's
 * messages of some kinds quote a value), and path-based redaction cannot see inside a message, so only the
 * type, the code, the message up to any parameter list (for a Postgres error, only what names objects) and
 * the stack frames are kept. The database layer already strips its own errors (lib/db/query-errors.ts);
 * this is the net for errors from elsewhere, such as the job queue's driver.
 */
export function summarizeError(error: unknown, depth = 0): SafeErrorSummary {
  if (!(error instanceof Error)) return { type: typeof error, message: "non-Error value thrown" };
  const message = serverErrorFacts(error)?.message ?? error.message.split(/\nparams:/)[0] ?? "";
  const code = (error as { code?: unknown }).code;
  const frames = error.stack
    ?.split("\n")
    .filter((line) => line.trimStart().startsWith("at "))
    .join("\n");
  return {
    type: error.name,
    ...(typeof code === "string" ? { code } : {}),
    message,
    ...(frames ? { stack: frames } : {}),
    ...(error.cause !== undefined && depth < 2 ? { cause: summarizeError(error.cause, depth + 1) } : {}),
  };
}
