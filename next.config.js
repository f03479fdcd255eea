// @ts-check

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Loaded from node_modules at run time, never bundled: native and WebAssembly modules, and
  // rate-limiter-flexible, whose lazy `import("drizzle-orm")` the bundler cannot follow (so
  // drizzle-orm stays external too: one copy for the app and the limiter), and the EWS client, whose
  // cookie agent has an optional `require("deasync")` the bundler cannot resolve; pino, whose worker-thread
  // transports expect their own files on disk; pg-boss and its pg driver (optional native bindings).
  serverExternalPackages: [
    "pino",
    "pg-boss",
    "pg",
    "ews-javascript-api",
    "@ewsjs/xhr",
    "@ewsjs/ntlm-client",
    "@electric-sql/pglite",
    "@node-rs/argon2",
    "postgres",
    "drizzle-orm",
    "rate-limiter-flexible",
  ],
  poweredByHeader: false,
  // Resolve metadata before the first byte for every client, not only for crawlers: a page
  // that calls notFound() (another organisation's resource) then answers 404, not 200.
  htmlLimitedBots: /.*/,
  reactStrictMode: true,
  typedRoutes: false,
};

export default nextConfig;
