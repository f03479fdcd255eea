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
  // The public booking page's script and stylesheet (scripts/build/build-booking-bundle.ts) have content-hashed
  // names: a new build makes new names, so browsers may keep these for good.
  async headers() {
    return [
      {
        source: "/_booking/:file([^/]+-[A-Za-z0-9]+\\.(?:js|css))",
        headers: [{ key: "Cache-Control", value: "public, max-age=31536000, immutable" }],
      },
    ];
  },
  // Resolve metadata before the first byte for every client, not only for crawlers: a page
  // that calls notFound() (another organisation's resource) then answers 404, not 200.
  htmlLimitedBots: /.*/,
  reactStrictMode: true,
  typedRoutes: false,
};

export default nextConfig;
