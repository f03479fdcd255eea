import type { ServerResponse } from "node:http";
import { createAccountStore } from "./auth/account-store";
import { createAuthenticator } from "./auth/authenticate";
import type { EwsCore, SimAccount } from "./contract";
import { startControlServer } from "./control/control-server";
import { createRequestLog } from "./control/request-log";
import { createEwsCore } from "./core";
import { seedAccounts } from "./data/accounts";
import { createFaultSet } from "./faults";
import { EWS_PATH, type SimulatorContext } from "./http/context";
import { startListeners, stopListeners } from "./http/listeners";
import { DEFAULT_CONTROL_PORT, DEFAULT_LISTENER_PORTS } from "./http/ports";
import { createRequestHandler } from "./http/router";
import { ensurePki } from "./pki/pki";
import { LISTENER_VARIANTS, type ListenerVariant, VARIANT_DESCRIPTIONS } from "./pki/variants";

export interface StartSimulatorOptions {
  /** The protocol core; default `createEwsCore` over `accounts` (a test may pass its own to inspect mailboxes). */
  core?: EwsCore;
  /** Sign-in accounts; defaults to `seedAccounts()`. Must be the organisation the core was built for. */
  accounts?: () => SimAccount[];
  /** Where the test PKI lives; default `.data/ews-sim/pki`. */
  pkiDir?: string;
  /** Per-variant port overrides; 0 = ephemeral. `allPorts: 0` makes every port ephemeral (tests). */
  ports?: Partial<Record<ListenerVariant, number>>;
  allPorts?: 0;
  controlPort?: number;
  now?: () => Date;
  maxAvailabilityDays?: number;
  /** Check every request against Microsoft's schema (default true); see EwsCoreOptions.validateRequests. */
  validateRequests?: boolean;
}

export interface ListenerInfo {
  port: number;
  /** The EWS endpoint, e.g. https://localhost:7443/EWS/Exchange.asmx */
  url: string;
  presents: string;
}

export interface RunningSimulator {
  listeners: Record<ListenerVariant, ListenerInfo>;
  controlUrl: string;
  /** The test root CA (PEM file): what EXCHANGE_CA_FILE should point to. */
  caFile: string;
  caPem: string;
  stop(): Promise<void>;
}

function resolvePorts(options: StartSimulatorOptions): Record<ListenerVariant, number> {
  const ports = { ...DEFAULT_LISTENER_PORTS };
  for (const variant of LISTENER_VARIANTS) {
    ports[variant] = options.ports?.[variant] ?? (options.allPorts === 0 ? 0 : ports[variant]);
  }
  return ports;
}

export async function startSimulator(options: StartSimulatorOptions): Promise<RunningSimulator> {
  const seed = options.accounts ?? seedAccounts;
  const now = options.now ?? (() => new Date());
  // First: the core starts compiling the request schema in its own thread while the rest is set up.
  const core = options.core ?? createEwsCore({ accounts: seed(), now, validateRequests: options.validateRequests });
  const pki = await ensurePki({ dir: options.pkiDir });
  const accounts = createAccountStore(seed);
  const heldResponses = new Set<ServerResponse>();
  const listenerInfo = {} as Record<ListenerVariant, ListenerInfo>;
  const context: SimulatorContext = {
    core,
    accounts,
    authenticator: createAuthenticator({ accounts, now }),
    faults: createFaultSet(),
    log: createRequestLog(),
    now,
    maxAvailabilityDays: options.maxAvailabilityDays ?? 42,
    ewsUrlOf: (variant) => listenerInfo[variant].url,
    heldResponses,
  };

  const listeners = await startListeners({
    pki,
    ports: resolvePorts(options),
    createHandler: (variant) => createRequestHandler({ context, variant }),
  });
  for (const variant of LISTENER_VARIANTS) {
    const { port, origin } = listeners[variant];
    listenerInfo[variant] = { port, url: `${origin}${EWS_PATH}`, presents: VARIANT_DESCRIPTIONS[variant].presents };
  }

  let control: Awaited<ReturnType<typeof startControlServer>>;
  try {
    // Compiled in its own thread while the PKI and listeners were set up; a first request must not wait for it.
    await core.ready?.();
    control = await startControlServer({
      port: options.controlPort ?? (options.allPorts === 0 ? 0 : DEFAULT_CONTROL_PORT),
      deps: {
        core,
        accounts,
        faults: context.faults,
        log: context.log,
        describe: () => ({ listeners: listenerInfo, controlUrl: control.url, caFile: pki.caFile }),
      },
    });
  } catch (error) {
    await stopListeners(Object.values(listeners));
    throw error;
  }

  return {
    listeners: listenerInfo,
    controlUrl: control.url,
    caFile: pki.caFile,
    caPem: pki.caPem,
    async stop() {
      for (const response of heldResponses) response.destroy();
      heldResponses.clear();
      await Promise.all([stopListeners(Object.values(listeners)), control.stop()]);
    },
  };
}
