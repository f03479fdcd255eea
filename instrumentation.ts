import type { Instrumentation } from "next";

/** Runs once when the server starts, before it takes any request. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.NODE_ENV === "production") {
    // Next.js prints escaped errors with console.error; in production they go through the app's logger.
    // Development keeps Next.js's own readable, source-mapped output.
    const { routeConsoleErrorsToLog } = await import("@/lib/framework-log");
    routeConsoleErrorsToLog();
  }
  const { startServer } = await import("@/lib/startup");
  await startServer();
}

/** An error escaped a page, route handler, server action or proxy.ts: one log line, with no bound value. */
export const onRequestError: Instrumentation.onRequestError = async (...args) => {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { logRequestError } = await import("@/lib/framework-log");
  logRequestError(...args);
};
