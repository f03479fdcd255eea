/**
 * Node names OpenSSL's certificate verification errors it knows (CERT_HAS_EXPIRED, INVALID_PURPOSE, …) and
 * calls every other one "UNSPECIFIED", leaving only OpenSSL's message to tell them apart. An admin quoting
 * the code needs a name that says something: OpenSSL's own (X509_V_ERR_… without the prefix) for those it
 * is known to produce, otherwise one made from the message, which is OpenSSL's text, never the server's.
 */
const NAMES_BY_MESSAGE: ReadonlyArray<readonly [RegExp, string]> = [
  [/^EE certificate key too weak$/i, "EE_KEY_TOO_SMALL"],
  [/^CA certificate key too weak$/i, "CA_KEY_TOO_SMALL"],
  [/^CA signature digest algorithm too weak$/i, "CA_MD_TOO_WEAK"],
];

export function nameTlsError(input: { code: string; message: string }): string {
  if (input.code !== "UNSPECIFIED") return input.code;
  const message = input.message.trim();
  const known = NAMES_BY_MESSAGE.find(([pattern]) => pattern.test(message));
  if (known) return known[1];
  const made = message
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, 60);
  return made || "TLS_VERIFY_FAILED";
}
