/** A DNS name of two or more labels (letters, digits, hyphens; no leading or trailing hyphen), lower-case. */
const DOMAIN = /^(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/;

/** The domain as stored and compared: trimmed, lower-case, without a leading "@" or a trailing dot. */
export function normaliseDomain(value: string): string {
  return value.trim().toLowerCase().replace(/^@/, "").replace(/\.$/, "");
}

export function isValidDomain(domain: string): boolean {
  return DOMAIN.test(domain);
}

/** The part after the last "@" of an address, lower-case; "" when there is none. */
export function domainOfEmail(email: string): string {
  const at = email.lastIndexOf("@");
  return at < 0 ? "" : normaliseDomain(email.slice(at + 1));
}

/** A comma-separated list (env), trimmed and lower-cased, empty entries dropped. */
export function splitList(value: string | undefined): string[] {
  return (value ?? "")
    .split(",")
    .map((entry) => entry.trim().toLowerCase())
    .filter((entry) => entry !== "");
}
