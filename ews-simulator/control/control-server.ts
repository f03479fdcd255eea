import http from "node:http";
import type { AddressInfo } from "node:net";
import { LOOPBACK_HOST } from "../http/ports";
import { readBody } from "../http/read-body";
import { CONTROL_ROUTES, type ControlDeps, type ControlReply } from "./control-routes";

const ALLOWED_HOSTS = /^(localhost|127\.0\.0\.1)(:\d+)?$/;

async function answer(input: { deps: ControlDeps; request: http.IncomingMessage }): Promise<ControlReply> {
  const { request } = input;
  // A browser page could reach a loopback port; a foreign Host header (DNS rebinding) or a form post
  // (no JSON content type) is refused so only deliberate clients drive the simulator.
  if (!ALLOWED_HOSTS.test(request.headers.host ?? "")) return { status: 403, json: { error: "forbidden_host" } };
  const path = (request.url ?? "/").split("?")[0] ?? "/";
  const route = CONTROL_ROUTES.map((r) => ({ ...r, match: r.pattern.exec(path) })).find(
    (r) => r.match && r.method === request.method,
  );
  if (!route?.match) return { status: 404, json: { error: "not_found" } };
  const text = await readBody({ request, limitBytes: 64 * 1024 });
  let body: unknown;
  if (text) {
    if (!(request.headers["content-type"] ?? "").startsWith("application/json")) {
      return { status: 415, json: { error: "json_required" } };
    }
    try {
      body = JSON.parse(text);
    } catch {
      return { status: 400, json: { error: "invalid_json" } };
    }
  }
  return route.run({ deps: input.deps, params: route.match.slice(1), body });
}

export async function startControlServer(input: { deps: ControlDeps; port: number }) {
  const server = http.createServer((request, response) => {
    answer({ deps: input.deps, request })
      .catch(() => ({ status: 500, json: { error: "internal" } }) as ControlReply)
      .then((reply) => {
        const payload = reply.json === undefined ? "" : JSON.stringify(reply.json, null, 2);
        response.writeHead(reply.status, {
          ...(payload ? { "Content-Type": "application/json" } : {}),
          "Content-Length": Buffer.byteLength(payload),
        });
        response.end(payload);
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(input.port, LOOPBACK_HOST, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
