import pino, { type DestinationStream, type Logger } from "pino";
import { REDACTED_PATHS } from "@/lib/log";

/**
 * JSON lines on stdout (one object per line), with the app's redaction paths as a net: code never logs a
 * password, a token or an Authorization header in the first place.
 */
export function createConnectorLogger(destination?: DestinationStream): Logger {
  return pino(
    {
      level: process.env.LOG_LEVEL ?? "info",
      base: { app: "slotbridge-connector", pid: process.pid },
      redact: { paths: [...REDACTED_PATHS, "proxy", "*.proxy"], censor: "[redacted]" },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}
