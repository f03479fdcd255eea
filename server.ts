// Slotbridge's HTTP server: Next.js's request handler behind a plain node:http server, so that the app
// learns who is on the other end of each request. `next start` leaves a client's own X-Forwarded-For in
// place, and route handlers never see the socket; here every request gets CLIENT_ADDRESS_HEADER set from
// the socket and TRUSTED_PROXIES before Next.js sees it (docs/operations.md, "Reverse proxy").
//
// `npm start` runs the build of this file (.next/slotbridge-server.mjs, made by `npm run build`);
// `npm run dev` runs it with tsx and `--dev`. Flags as `next start`: -p/--port, -H/--hostname.
import { createServer } from "node:http";
import { parseArgs } from "node:util";
import next from "next";
import { parseTrustedProxies, stampClientAddress } from "@/lib/net/client-address";

const { values: flags } = parseArgs({
  options: {
    port: { type: "string", short: "p" },
    hostname: { type: "string", short: "H" },
    dev: { type: "boolean", default: false },
  },
});
const port = Number(flags.port ?? process.env.PORT ?? 3000);
const hostname = flags.hostname ?? process.env.HOSTNAME;
const trusted = parseTrustedProxies(process.env.TRUSTED_PROXIES);
if (!trusted.ok) {
  console.error(`TRUSTED_PROXIES ${trusted.problem}.`);
  process.exit(1);
}
const proxies = trusted.proxies;

const app = next({ dev: flags.dev, port, ...(hostname ? { hostname } : {}) });
const handle = app.getRequestHandler();
await app.prepare();

const server = createServer((request, response) => {
  stampClientAddress(request, proxies);
  void handle(request, response);
});
server.listen(port, hostname, () => {
  console.log(`Slotbridge listening on http://${hostname ?? "localhost"}:${port}`);
});

// As `next start` does: stop taking requests and leave; open server-sent event streams are closed by
// their own SIGTERM handler (lib/connectors/channel.ts).
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 10_000).unref();
  });
}
