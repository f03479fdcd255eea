import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { type Env, envSchema, SECRET_RECIPES } from "./schema";

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Slotbridge cannot start:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "EnvError";
  }
}

/**
 * Where `npm run demo` keeps the secrets it generated; production refuses to run with them.
 * SLOTBRIDGE_DEMO_SECRETS_FILE points elsewhere when the demo ran with another data folder.
 */
export const DEMO_SECRETS_FILE = path.join(".data", "demo", "secrets.json");

function readDemoSecrets(cwd: string, override?: string): string[] {
  const file = override ?? path.join(cwd, DEMO_SECRETS_FILE);
  if (!existsSync(file)) return [];
  try {
    const parsed = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
    return Object.values(parsed).filter((v): v is string => typeof v === "string");
  } catch {
    return [];
  }
}

/** Parses and checks the environment; throws EnvError naming every problem and how to fix it. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? "environment");
      const missing = source[name] === undefined || source[name] === "";
      const recipe = SECRET_RECIPES[name as keyof typeof SECRET_RECIPES];
      const what = missing ? `${name} is not set` : `${name} ${issue.message}`;
      return recipe ? `${what}. Make one with: ${recipe}` : `${what}.`;
    });
    throw new EnvError(problems);
  }

  const env = result.data;
  if (env.NODE_ENV === "production" && !env.SLOTBRIDGE_DEMO) {
    const demoSecrets = new Set(readDemoSecrets(cwd, source.SLOTBRIDGE_DEMO_SECRETS_FILE));
    for (const name of ["AUTH_SECRET", "CREDENTIALS_KEY"] as const) {
      if (demoSecrets.has(env[name])) {
        throw new EnvError([
          `${name} is the demo's generated value; production needs its own. Make one with: ${SECRET_RECIPES[name]}`,
        ]);
      }
    }
  }
  return env;
}
