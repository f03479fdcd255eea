import type { ListenerVariant } from "../pki/variants";

/**
 * Default ports, all on 127.0.0.1. Override per variant through startSimulator({ ports }) or
 * EWS_SIM_PORT_OFFSET (main.ts, shifts them all); pass 0 for an ephemeral port (tests).
 *
 * | variant              | port | presents                                              |
 * |----------------------|------|-------------------------------------------------------|
 * | valid                | 7443 | leaf (localhost, 127.0.0.1, ::1) + intermediate       |
 * | missing-intermediate | 7444 | leaf only, intermediate withheld                      |
 * | self-signed          | 7445 | self-signed leaf                                      |
 * | expired              | 7446 | leaf expired 30 days ago + intermediate               |
 * | not-yet-valid        | 7447 | leaf valid from 30 days ahead + intermediate          |
 * | wrong-hostname       | 7448 | leaf for mail.wrong-host.test + intermediate          |
 * | untrusted-ca         | 7449 | leaf + unrelated self-signed root                     |
 * | rsa-1024             | 7450 | leaf with a 1024-bit RSA key + intermediate           |
 * | tls-legacy           | 7451 | valid chain, TLS 1.0/1.1 only                         |
 * | plain-http           | 7480 | no TLS                                                |
 * | control API (HTTP)   | 7490 | JSON control endpoints                                |
 */
export const DEFAULT_LISTENER_PORTS: Record<ListenerVariant, number> = {
  valid: 7443,
  "missing-intermediate": 7444,
  "self-signed": 7445,
  expired: 7446,
  "not-yet-valid": 7447,
  "wrong-hostname": 7448,
  "untrusted-ca": 7449,
  "rsa-1024": 7450,
  "tls-legacy": 7451,
  "plain-http": 7480,
};

export const DEFAULT_CONTROL_PORT = 7490;

/** The only interface the simulator binds: it is a test double and must never face a network. */
export const LOOPBACK_HOST = "127.0.0.1";

/** The default ports shifted by `offset` (EWS_SIM_PORT_OFFSET): two simulators side by side. */
export function offsetPorts(offset: number): { ports: Record<ListenerVariant, number>; controlPort: number } {
  const ports = { ...DEFAULT_LISTENER_PORTS };
  for (const variant of Object.keys(ports) as ListenerVariant[]) ports[variant] += offset;
  return { ports, controlPort: DEFAULT_CONTROL_PORT + offset };
}

/** EWS_SIM_PORT_OFFSET, checked. */
export function readPortOffset(source: NodeJS.ProcessEnv = process.env): number {
  const raw = source.EWS_SIM_PORT_OFFSET ?? "0";
  const offset = Number(raw);
  if (!Number.isInteger(offset) || offset < 0 || offset > 50_000) {
    throw new Error(`EWS_SIM_PORT_OFFSET must be a whole number between 0 and 50000 (got "${raw}")`);
  }
  return offset;
}
