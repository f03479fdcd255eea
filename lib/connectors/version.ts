import { z } from "zod";

/**
 * The oldest connector this app speaks with (connector/PROTOCOL.md version 1 from the start). Raised when
 * the protocol changes incompatibly; older connectors are then told to update (HTTP 426) and stop.
 */
export const MINIMUM_CONNECTOR_VERSION = "0.1.0";

const SEMVER = /^(\d+)\.(\d+)\.(\d+)(?:[-+][\w.-]{1,40})?$/;

/** A connector's version as it reports it in pair and hello. */
export const connectorVersionSchema = z.string().regex(SEMVER, "version must be semver (e.g. 0.1.0)");

/**
 * Whether a connector's version (its X-Connector-Version header, or pair's `version`) is new enough. A
 * missing or malformed version is not: every connector sends one. Pre-release and build suffixes are ignored.
 */
export function connectorVersionAccepted(
  version: string | null | undefined,
  minimum = MINIMUM_CONNECTOR_VERSION,
): boolean {
  const given = SEMVER.exec(version ?? "");
  const needed = SEMVER.exec(minimum);
  if (!given || !needed) return false;
  for (let part = 1; part <= 3; part++) {
    const difference = Number(given[part]) - Number(needed[part]);
    if (difference !== 0) return difference > 0;
  }
  return true;
}
