// @ts-check

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native and WebAssembly modules are loaded from node_modules at run time, never bundled.
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2", "postgres"],
  poweredByHeader: false,
  reactStrictMode: true,
  typedRoutes: false,
};

export default nextConfig;
