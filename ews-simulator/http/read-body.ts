import type { IncomingMessage } from "node:http";

export class BodyTooLargeError extends Error {}

/** Reads the whole request body as UTF-8, refusing more than `limitBytes`. */
export async function readBody(input: { request: IncomingMessage; limitBytes: number }): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of input.request) {
    size += (chunk as Buffer).length;
    if (size > input.limitBytes) throw new BodyTooLargeError(`request body over ${input.limitBytes} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}
