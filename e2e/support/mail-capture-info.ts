import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { CapturedMail } from "@/lib/mail/captured-mail";
import type { MailCapture } from "@/testing/mail-capture";

// The e2e server starts a mail capture server on ephemeral ports (the app's SMTP_URL); specs read its
// HTTP address from this file, one per app port, as they read the simulator's.

export type MailCaptureInfo = Pick<MailCapture, "url" | "smtpUrl">;

function infoFile(port: number) {
  return path.join(process.cwd(), ".data", "e2e", `mail-capture-${port}.json`);
}

export function writeMailCaptureInfo({ port, capture }: { port: number; capture: MailCapture }) {
  const file = infoFile(port);
  mkdirSync(path.dirname(file), { recursive: true });
  const info: MailCaptureInfo = { url: capture.url, smtpUrl: capture.smtpUrl };
  writeFileSync(file, `${JSON.stringify(info, null, 2)}\n`);
}

export function readMailCaptureInfo(port = Number(process.env.E2E_PORT ?? 3100)): MailCaptureInfo {
  return JSON.parse(readFileSync(infoFile(port), "utf8")) as MailCaptureInfo;
}

/** Every message captured so far (all specs share the server: filter by recipient). */
export async function capturedMail(port?: number): Promise<CapturedMail[]> {
  const response = await fetch(`${readMailCaptureInfo(port).url}/messages`);
  if (!response.ok) throw new Error(`mail capture answered ${response.status}`);
  return (await response.json()) as CapturedMail[];
}

/** Makes the capture server refuse (451) or accept mail, as an SMTP server that is down or back. */
export async function setMailRefused(refuse: boolean, port?: number) {
  const response = await fetch(`${readMailCaptureInfo(port).url}/refuse`, {
    method: "PUT",
    body: JSON.stringify({ refuse }),
  });
  if (!response.ok) throw new Error(`mail capture answered ${response.status}`);
}
