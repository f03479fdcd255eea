import { loadEnv } from "./load";
import type { Env } from "./schema";

let cached: Env | undefined;

/** The validated environment. Start-up (instrumentation.ts, scripts) calls this first, so a bad env stops the app. */
export function env(): Env {
  cached ??= loadEnv();
  return cached;
}

export { EnvError, loadEnv } from "./load";
export type { Env };
