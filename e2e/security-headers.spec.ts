import { expect, test } from "./fixtures";

test("every response carries the security headers; production CSP has no eval", async ({ page, request }) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (message.text().includes("Content Security Policy")) violations.push(message.text());
  });
  const response = await page.goto("/sign-in");
  const headers = response?.headers() ?? {};
  const csp = headers["content-security-policy"] ?? "";
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(csp).not.toContain("unsafe-eval");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["strict-transport-security"]).toBeUndefined(); // served over plain HTTP here

  // The page still hydrates under that policy: client-side validation messages appear.
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Enter a valid email address.")).toBeVisible();
  expect(violations).toEqual([]);

  const asset =
    page.url().replace(/\/sign-in.*/, "") + (await page.locator("link[rel=stylesheet]").first().getAttribute("href"));
  for (const url of [asset, "/api/health", "/does-not-exist"]) {
    const other = await request.get(url);
    expect(other.headers()["x-content-type-options"], url).toBe("nosniff");
    expect(other.headers()["content-security-policy"], url).toContain("frame-ancestors 'none'");
  }
});

test("every response carries a request id: a plain one from the proxy is kept, anything else replaced", async ({
  request,
}) => {
  const made = (await request.get("/sign-in")).headers()["x-request-id"] ?? "";
  expect(made).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  const again = (await request.get("/sign-in")).headers()["x-request-id"];
  expect(again).not.toBe(made);

  const kept = await request.get("/api/health", { headers: { "X-Request-Id": "lb-7f3a9c21" } });
  expect(kept.headers()["x-request-id"]).toBe("lb-7f3a9c21");
  const replaced = await request.get("/api/health", { headers: { "X-Request-Id": "<script>alert(1)</script>" } });
  expect(replaced.headers()["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
});

test("the public slots endpoint, which skips the proxy for speed, carries the same protections and a request id", async ({
  request,
}) => {
  const url = "/api/v1/public/pages/no-such-page/slots?start=2030-01-07&end=2030-01-08&timeZone=UTC";
  const kept = await request.get(url, { headers: { "X-Request-Id": "lb-7f3a9c21" } });
  expect(kept.status()).toBe(404);
  const headers = kept.headers();
  expect(headers["x-request-id"]).toBe("lb-7f3a9c21");
  expect(headers["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["cache-control"]).toContain("no-store");
  const replaced = await request.get(url, { headers: { "X-Request-Id": "<script>alert(1)</script>" } });
  expect(replaced.headers()["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);

  // Its neighbours still go through the proxy.
  const challenge = await request.get("/api/v1/public/pages/no-such-page/challenge");
  expect(challenge.headers()["content-security-policy"]).toMatch(/script-src 'self' 'nonce-/);
  const lookalike = await request.get("/api/v1/public/pages/no-such-page/slots-and-more");
  expect(lookalike.headers()["content-security-policy"]).toMatch(/script-src 'self' 'nonce-/);
});
