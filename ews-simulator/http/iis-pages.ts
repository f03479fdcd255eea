import type { ServerResponse } from "node:http";

/** The HTML error pages IIS sends for status codes EWS never turns into SOAP. */
const TITLES: Record<number, string> = {
  401: "401 - Unauthorized: Access is denied due to invalid credentials.",
  404: "404 - File or directory not found.",
  405: "405 - HTTP verb used to access this page is not allowed.",
  413: "413 - Request Entity Too Large.",
  500: "500 - Internal server error.",
  503: "503 - Service Unavailable.",
};

export function sendIisError(input: {
  response: ServerResponse;
  status: number;
  headers?: Record<string, string[] | string>;
}) {
  const title = TITLES[input.status] ?? `${input.status}`;
  const body = `<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"/>
<title>${title}</title></head><body><div id="header"><h1>Server Error</h1></div>
<div id="content"><fieldset><h2>${title}</h2></fieldset></div></body></html>
`;
  input.response.writeHead(input.status, {
    ...input.headers,
    "Content-Type": "text/html",
    "Content-Length": Buffer.byteLength(body),
    Server: "Microsoft-IIS/10.0",
    "X-Powered-By": "ASP.NET",
  });
  input.response.end(body);
}
