import type { APIRequestContext, Page } from "@playwright/test";

export interface CapturedAction {
  url: string;
  headers: Record<string, string>;
  body: Buffer;
}

/**
 * Records the HTTP request a server action makes when the UI triggers it, so a test can
 * send the very same POST as someone else: server actions are public endpoints, and only
 * their own checks stand between them and a forged request.
 */
export async function captureServerAction(page: Page, trigger: () => Promise<void>): Promise<CapturedAction> {
  const requestPromise = page.waitForRequest((r) => r.method() === "POST" && r.headers()["next-action"] !== undefined);
  await trigger();
  const request = await requestPromise;
  const headers = await request.allHeaders();
  const body = request.postDataBuffer();
  if (!body) throw new Error("server action request had no body");
  const keep = ["next-action", "content-type", "accept", "next-router-state-tree"];
  return {
    url: request.url(),
    headers: Object.fromEntries(keep.flatMap((k) => (headers[k] ? [[k, headers[k]]] : []))),
    body,
  };
}

/** Sends a captured action request with another client's cookies; returns the raw RSC response. */
export async function replayServerAction(
  client: APIRequestContext,
  action: CapturedAction,
  rewrite?: (body: string) => string,
) {
  const body = rewrite ? Buffer.from(rewrite(action.body.toString("utf8"))) : action.body;
  const response = await client.post(action.url, { headers: action.headers, data: body, maxRedirects: 0 });
  return { status: response.status(), text: await response.text() };
}
