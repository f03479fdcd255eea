import pino, { type DestinationStream, type Logger } from "pino";

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

/** Structured JSON logs (one object per line), with the redaction above. */
export function createLogger(destination?: DestinationStream): Logger {
  return pino(
    {
      level: process.env.LOG_LEVEL ?? "info",
      base: { app: "slotbridge" },
      redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
    },
    destination,
  );
}

export const log = createLogger();
