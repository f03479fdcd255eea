/** The XML namespaces of EWS messages on the wire (Microsoft's docs show `https://` in places: wrong). */
export const EWS_NS = {
  soap: "http://schemas.xmlsoap.org/soap/envelope/",
  m: "http://schemas.microsoft.com/exchange/services/2006/messages",
  t: "http://schemas.microsoft.com/exchange/services/2006/types",
  e: "http://schemas.microsoft.com/exchange/services/2006/errors",
} as const;
