import type { RunningSimulator } from "./simulator";

/**
 * EXCHANGE_ALLOWED_HOSTS for Exchange URLs on the simulator: its loopback names, each with the ports given
 * (the app reaches Exchange on 443 only unless a port is listed with its host). From a running simulator's
 * listeners, or from EWS URLs (benchmarks, whose simulator runs in another process).
 */
export function simulatorAllowList(source: Pick<RunningSimulator, "listeners"> | { ewsUrls: string[] }): string {
  const urls = "ewsUrls" in source ? source.ewsUrls : Object.values(source.listeners).map((listener) => listener.url);
  const ports = [...new Set(urls.map((url) => new URL(url).port))];
  return ports.flatMap((port) => [`localhost:${port}`, `127.0.0.1:${port}`]).join(",");
}
