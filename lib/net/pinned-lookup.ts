import type { LookupAddress } from "node:dns";
import type { LookupFunction } from "node:net";
import type { CheckedAddress } from "./address-policy";
import { normalizeHostName } from "./allowed-hosts";

/** The code of the error a pinned lookup gives for any host other than the checked one. */
export const ADDRESS_NOT_CHECKED = "ERR_ADDRESS_NOT_CHECKED";

function familyNumber(family: number | string | undefined): number {
  if (family === "IPv4") return 4;
  if (family === "IPv6") return 6;
  return typeof family === "number" ? family : 0;
}

/**
 * A `lookup` for node:net/tls/http(s) options (or createEwsAgent) that answers with the address the
 * outbound policy checked and never asks DNS again, so the name cannot be re-pointed between the check
 * and the connection. Only the TCP destination is pinned: the URL keeps the host name, so Node still sends
 * it as SNI and verifies the certificate against it.
 *
 * Any other host name fails with ERR_ADDRESS_NOT_CHECKED instead of being resolved: an agent built for one
 * checked server must not quietly connect somewhere unchecked (a redirect, a reused agent). IP literals
 * never reach a lookup function, so a URL naming the checked IP directly connects to it as usual.
 */
export function pinnedLookup(checked: CheckedAddress): LookupFunction {
  const expected = normalizeHostName(checked.host);
  const all: LookupAddress[] = [...(checked.addresses ?? [{ address: checked.address, family: checked.family }])];
  return (hostname, options, callback) => {
    const wanted = familyNumber(options.family);
    const answers = all.filter((answer) => wanted === 0 || answer.family === wanted);
    const [first] = answers;
    let error: NodeJS.ErrnoException | undefined;
    if (normalizeHostName(hostname) !== expected) {
      error = new Error(
        `${hostname} was not checked by the outbound address policy (this connection is for ${expected})`,
      );
    } else if (!first) {
      error = new Error(`${hostname} has no checked IPv${wanted} address`);
    }
    // Node's own lookup always answers asynchronously, and net's connect logic is written for that.
    process.nextTick(() => {
      if (error || !first) {
        const failure: NodeJS.ErrnoException = error ?? new Error("no checked address");
        failure.code = ADDRESS_NOT_CHECKED;
        callback(failure, "");
      } else if (options.all) {
        // Node 20's happy-eyeballs connect (autoSelectFamily) asks for every address and tries them in turn.
        callback(null, answers);
      } else {
        callback(null, first.address, first.family);
      }
    });
  };
}
