import pino, { type DestinationStream, type Logger } from "pino";

/** What the connector holds that must never reach a log line: Exchange passwords, its token, proxy URLs. */
const SECRET_FIELDS = ["password", "secret", "token", "authorization", "proxy"];
const REDACTED_PATHS = [
  ...SECRET_FIELDS.flatMap((field) => [field, `*.${field}`]),
  "headers.authorization",
  "*.headers.authorization",
];

/**
 * JSON lines on stdout (one object per line), with redaction as a net: code never logs a password, a
 * token or an Authorization header in the first place.
 */
export function createConnectorLogger(destination?: DestinationStream): Logger {
  return pino(
    {
      level: process.env.LOG_LEVEL ?? "info",
      base: { app: "slotbridge-connector", pid: process.pid },
      redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}
