/** Where EWS lives on every on-premises Exchange; anything else is almost certainly a typo or an OWA link. */
const EWS_PATH = /\/ews\/exchange\.asmx$/i;

export type EwsUrlCheck = { ok: true; url: URL } | { ok: false; message: string };

/** The shape rules for an EWS URL typed by hand or returned by autodiscover (the address policy comes after). */
export function parseEwsUrl(value: string): EwsUrlCheck {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return { ok: false, message: "Enter a full URL such as https://mail.example.com/EWS/Exchange.asmx." };
  }
  if (url.protocol !== "https:") {
    return { ok: false, message: "Only https: addresses are accepted: the password must never travel unencrypted." };
  }
  if (url.username || url.password) return { ok: false, message: "Leave the user name out of the URL." };
  if (url.search || url.hash) return { ok: false, message: "The URL must not carry a query or a fragment." };
  if (!EWS_PATH.test(url.pathname)) {
    return {
      ok: false,
      message: "The EWS URL ends in /EWS/Exchange.asmx, e.g. https://mail.example.com/EWS/Exchange.asmx.",
    };
  }
  return { ok: true, url };
}
