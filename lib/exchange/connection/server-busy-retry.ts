import { setTimeout as sleep } from "node:timers/promises";
import { EwsSoapFault } from "@/lib/exchange/connection/failures";

/**
 * How long a throttled lookup may keep trying. Small on purpose: a person is waiting for the page, and
 * a server that asks for a longer pause gets it by our giving up, not by our waiting.
 */
export interface ServerBusyRetryPolicy {
  maxRetries: number;
  maxTotalWaitMs: number;
}

export const DEFAULT_SERVER_BUSY_RETRY: ServerBusyRetryPolicy = { maxRetries: 2, maxTotalWaitMs: 5_000 };

/** ErrorServerBusy without BackOffMilliseconds still deserves a pause before the next try. */
const DEFAULT_BACK_OFF_MS = 1_000;

/**
 * The pause Exchange asked for when `error` is an ErrorServerBusy SOAP fault (readAvailability rejects
 * with an EwsSoapFault for those), undefined for any other error.
 */
export function readServerBusyBackOff(error: unknown): number | undefined {
  if (!(error instanceof EwsSoapFault) || error.fault.responseCode !== "ErrorServerBusy") return undefined;
  return error.fault.backOffMs ?? DEFAULT_BACK_OFF_MS;
}

/**
 * Runs `attempt`, and again after ErrorServerBusy, never sooner than the server's BackOffMilliseconds.
 * Gives up (rethrowing the throttling error, which callers report as "server-busy") once the retries or
 * the total wait would run out; every other error goes straight through.
 */
export async function retryWhenServerBusy<T>(input: {
  attempt: () => Promise<T>;
  policy?: ServerBusyRetryPolicy;
}): Promise<T> {
  const policy = input.policy ?? DEFAULT_SERVER_BUSY_RETRY;
  let waitedMs = 0;
  for (let retries = 0; ; retries++) {
    try {
      return await input.attempt();
    } catch (error) {
      const backOffMs = readServerBusyBackOff(error);
      const canWait =
        backOffMs !== undefined && retries < policy.maxRetries && waitedMs + backOffMs <= policy.maxTotalWaitMs;
      if (!canWait) throw error;
      await sleep(backOffMs);
      waitedMs += backOffMs;
    }
  }
}
