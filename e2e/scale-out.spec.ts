import { provisionDatabase } from "@/lib/db/provision";
import { startApp } from "@/testing/app-process";
import { testSecrets } from "@/testing/secrets";
import { expect, formAlert, test } from "./fixtures";
import { setUpInstance, signIn, signOut } from "./pages/auth";

const serverUrl = process.env.TEST_DATABASE_URL;

test("two app instances on one Postgres share sign-ins and rate limits", async ({ browser }) => {
  test.skip(!serverUrl, "needs a Postgres server (TEST_DATABASE_URL): PGlite serves a single process");
  test.setTimeout(180_000);
  const database = await provisionDatabase({ serverUrl, prefix: "slotbridge_e2e_scale" });
  const secrets = testSecrets();
  // The spec plays the reverse proxy in front of both, sending the client's address in X-Forwarded-For.
  const env = (port: number) => ({
    ...process.env,
    ...secrets,
    ...database.env,
    APP_URL: `http://localhost:${port}`,
    TRUSTED_PROXIES: "1",
  });
  // Both start at once: their start-up migrations must not trip over each other.
  const started = await Promise.allSettled([
    startApp({ port: 3221, env: env(3221), output: "ignore" }),
    startApp({ port: 3222, env: env(3222), output: "ignore" }),
  ]);
  const [a, b] = started.map((s) => (s.status === "fulfilled" ? s.value : undefined));
  if (!a || !b) {
    // One failed to start: stop the other, so no stray server outlives this run.
    await Promise.all([a?.stop(), b?.stop()]);
    await database.drop();
    throw started.find((s) => s.status === "rejected")?.reason;
  }
  const headers = { "x-forwarded-for": "198.51.100.7" };
  const onA = await browser.newContext({ baseURL: a.url, extraHTTPHeaders: headers });
  const onB = await browser.newContext({ baseURL: b.url, extraHTTPHeaders: headers });
  try {
    // Signed in through A → signed in on B (the session is a row in Postgres, not in A's memory).
    const pageA = await onA.newPage();
    const owner = await setUpInstance(pageA, { organisation: "Twin Instances" });
    const pageB = await onA.newPage();
    await pageB.goto(`${b.url}/team`);
    await expect(pageB).toHaveURL(`${b.url}/team`);
    await expect(pageB.getByTestId("account-summary")).toContainText("Twin Instances");

    // Signing out on B ends the session on A too.
    await signOut(pageB);
    await pageA.goto(`${a.url}/team`);
    await expect(pageA).toHaveURL(/\/sign-in/);

    // Five failures split across both instances spend one shared budget.
    const browserA = await onA.newPage();
    const browserB = await onB.newPage();
    for (const [i, page] of [browserA, browserB, browserA, browserB, browserA].entries()) {
      await signIn(page, { email: owner.email, password: `wrong ${i}` });
      await expect(formAlert(page)).toHaveText("Email or password is incorrect.");
    }
    await signIn(browserB, { email: owner.email });
    await expect(formAlert(browserB)).toContainText("Too many sign-in attempts.");
  } finally {
    await onA.close();
    await onB.close();
    await Promise.all([a.stop(), b.stop()]);
    await database.drop();
  }
});
