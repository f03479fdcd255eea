import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseCredentialKeys } from "@/lib/crypto/key-ring";
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
    const demoSecrets = readDemoSecrets(cwd, source.SLOTBRIDGE_DEMO_SECRETS_FILE);
    const demoValue = (name: keyof typeof SECRET_RECIPES) =>
      new EnvError([
        `${name} is the demo's generated value; production needs its own. Make one with: ${SECRET_RECIPES[name]}`,
      ]);
    if (demoSecrets.includes(env.AUTH_SECRET)) throw demoValue("AUTH_SECRET");
    // Compared as key bytes, so the demo's key is refused also as one version of a list.
    for (const secret of demoSecrets) {
      const parsed = parseCredentialKeys(secret);
      if (parsed.ok && env.CREDENTIALS_KEY.sharesKeyWith(parsed.ring)) throw demoValue("CREDENTIALS_KEY");
    }
  }
  return env;
}
