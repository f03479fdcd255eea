import { defineConfig } from "drizzle-kit";

// Only `drizzle-kit generate` reads this: it diffs lib/db/schema.ts against drizzle/meta
// and writes SQL. Applying migrations is lib/db/migrate.ts's job, for both drivers.
export default defineConfig({
  dialect: "postgresql",
  schema: "./lib/db/schema.ts",
  out: "./drizzle",
  casing: "snake_case",
});
