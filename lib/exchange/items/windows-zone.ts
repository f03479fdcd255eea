import { findWindows, IANA_ALIAS_MAP } from "windows-iana";

/**
 * The Windows zone id Exchange wants in StartTimeZone/EndTimeZone for an IANA zone. CLDR's table (through
 * windows-iana) knows each zone under its older name only ("Europe/Kiev", not "Europe/Kyiv"), so the
 * zone is tried as given, then as ICU's canonical id, then as every alias CLDR lists beside it.
 * undefined when none of them maps (a zone newer than the table).
 */
export function findWindowsZoneId(iana: string): string | undefined {
  const candidates = new Set<string>([iana]);
  try {
    candidates.add(new Intl.DateTimeFormat("en-US", { timeZone: iana }).resolvedOptions().timeZone);
  } catch {
    return undefined;
  }
  for (const entry of IANA_ALIAS_MAP) {
    if (entry.alias.some((alias) => candidates.has(alias))) for (const alias of entry.alias) candidates.add(alias);
  }
  for (const candidate of candidates) {
    const [windows] = findWindows(candidate);
    if (windows) return windows;
  }
  return undefined;
}
