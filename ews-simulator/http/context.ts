import type { ServerResponse } from "node:http";
import type { AccountStore } from "../auth/account-store";
import type { Authenticator } from "../auth/authenticate";
import type { EwsCore } from "../contract";
import type { RequestLog } from "../control/request-log";
import type { FaultSet } from "../faults";
import type { ListenerVariant } from "../pki/variants";

/** What every listener's handler shares: one organisation, one fault set, one log. */
export interface SimulatorContext {
  core: EwsCore;
  accounts: AccountStore;
  authenticator: Authenticator;
  faults: FaultSet;
  log: RequestLog;
  now: () => Date;
  maxAvailabilityDays: number;
  /** Public URL of a listener's EWS endpoint, for autodiscover answers. */
  ewsUrlOf(variant: ListenerVariant): string;
  /** Responses held open by the "hang" fault; released (destroyed) when the simulator stops. */
  heldResponses: Set<ServerResponse>;
}

export const EWS_PATH = "/EWS/Exchange.asmx";
export const MAX_BODY_BYTES = 10 * 1024 * 1024;
