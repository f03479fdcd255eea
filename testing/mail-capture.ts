// A real SMTP server on loopback that keeps every message it receives, for the tests and the demo (the
// `smtp-server` package, messages read back with `mailparser`). Beside it, an HTTP endpoint on loopback:
//   GET    /messages  every captured message as JSON (oldest first)
//   DELETE /messages  forget them
//   PUT    /refuse    {"refuse": true|false}: answer MAIL FROM with a temporary failure (451), as a mail
//                     server that is down for maintenance would, so "SMTP down" can be tested.
// Run on its own: `npx tsx testing/mail-capture.ts` (MAIL_CAPTURE_SMTP_PORT, MAIL_CAPTURE_HTTP_PORT).

import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { type CapturedMail, DEMO_ORGANISATION_HEADER } from "@/lib/mail/captured-mail";

/** A header's value as mailparser gives it (plain headers are strings), or null. */
function headerText(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

export interface MailCapture {
  /** For the app's SMTP_URL. */
  smtpUrl: string;
  /** The HTTP endpoint's base address. */
  url: string;
  messages(): CapturedMail[];
  clear(): void;
  refuse(refusing: boolean): void;
  stop(): Promise<void>;
}

const LOOPBACK = "127.0.0.1";

async function listen(server: { listen(port: number, host: string, done: () => void): unknown }, port: number) {
  await new Promise<void>((resolve) => server.listen(port, LOOPBACK, resolve));
}

export async function startMailCapture({
  port = 0,
  httpPort = 0,
}: {
  port?: number;
  httpPort?: number;
} = {}): Promise<MailCapture> {
  const captured: CapturedMail[] = [];
  let nextId = 1;
  let refusing = false;

  const smtp = new SMTPServer({
    // Loopback only, no TLS: nothing here is secret, and the app must not need a test CA for mail.
    disabledCommands: ["STARTTLS"],
    authOptional: true,
    onAuth(_auth, _session, callback) {
      callback(null, { user: "capture" });
    },
    size: 10 * 1024 * 1024,
    logger: false,
    onMailFrom(_address, _session, callback) {
      if (!refusing) return callback();
      callback(
        Object.assign(new Error("Mail is refused for now (capture server set to refuse)"), { responseCode: 451 }),
      );
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          const address = (value: typeof parsed.to) =>
            (Array.isArray(value) ? value : value ? [value] : []).map((a) => a.text).join(", ");
          captured.push({
            id: nextId++,
            organisationId: headerText(parsed.headers.get(DEMO_ORGANISATION_HEADER)),
            receivedAt: new Date().toISOString(),
            envelope: {
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
              to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            },
            from: address(parsed.from),
            to: address(parsed.to),
            subject: parsed.subject ?? "",
            text: parsed.text ?? "",
            html: parsed.html || null,
            attachments: parsed.attachments.map((attachment) => {
              const text = attachment.contentType.startsWith("text/") || attachment.contentType === "application/ics";
              const header = attachment.headers.get("content-type") as { params?: Record<string, string> } | undefined;
              return {
                filename: attachment.filename ?? null,
                contentType: attachment.contentType,
                method: header?.params?.method ?? null,
                content: attachment.content.toString(text ? "utf8" : "base64"),
                encoding: text ? "utf8" : "base64",
              };
            }),
          });
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  smtp.on("error", () => {
    // A client that hung up mid-session: nothing to keep.
  });
  await listen(smtp, port);

  const http: Server = createServer((request, response) => {
    const send = (status: number, body: unknown) => {
      response.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
      response.end(JSON.stringify(body));
    };
    if (request.url === "/messages" && request.method === "GET") return send(200, captured);
    if (request.url === "/messages" && request.method === "DELETE") {
      captured.length = 0;
      return send(200, { cleared: true });
    }
    if (request.url === "/refuse" && request.method === "PUT") {
      let body = "";
      request.on("data", (chunk: Buffer) => {
        body += chunk.toString("utf8");
      });
      request.on("end", () => {
        try {
          refusing = (JSON.parse(body) as { refuse?: unknown }).refuse === true;
          send(200, { refusing });
        } catch {
          send(400, { error: 'send {"refuse": true} or {"refuse": false}' });
        }
      });
      return;
    }
    send(404, { error: "GET /messages, DELETE /messages, PUT /refuse" });
  });
  await listen(http, httpPort);

  const smtpPort = (smtp.server.address() as AddressInfo).port;
  const webPort = (http.address() as AddressInfo).port;
  return {
    smtpUrl: `smtp://${LOOPBACK}:${smtpPort}`,
    url: `http://${LOOPBACK}:${webPort}`,
    messages: () => [...captured],
    clear: () => {
      captured.length = 0;
    },
    refuse: (value) => {
      refusing = value;
    },
    async stop() {
      http.closeAllConnections();
      await Promise.all([
        new Promise<void>((resolve) => http.close(() => resolve())),
        new Promise<void>((resolve) => smtp.close(() => resolve())),
      ]);
    },
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const capture = await startMailCapture({
    port: Number(process.env.MAIL_CAPTURE_SMTP_PORT ?? 2525),
    httpPort: Number(process.env.MAIL_CAPTURE_HTTP_PORT ?? 2580),
  });
  console.log(`mail capture: SMTP ${capture.smtpUrl}, messages at ${capture.url}/messages`);
  for (const signal of ["SIGINT", "SIGTERM"] as const)
    process.on(signal, () => void capture.stop().then(() => process.exit(0)));
}
