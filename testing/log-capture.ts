import pino from "pino";
import { log } from "@/lib/log";

/**
 * Sends the app's logger (and its children) into a list for one test, with the same redaction as in
 * production; `restore` puts its real destination back.
 */
export function captureLog(): { lines: string[]; text(): string; restore(): void } {
  const slots = log as unknown as Record<symbol, unknown>;
  const original = slots[pino.symbols.streamSym];
  const lines: string[] = [];
  slots[pino.symbols.streamSym] = { write: (line: string) => lines.push(line) };
  return {
    lines,
    text: () => lines.join(""),
    restore: () => {
      slots[pino.symbols.streamSym] = original;
    },
  };
}
