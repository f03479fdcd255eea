import "server-only";
import { env } from "@/lib/env";
import type { CredentialKeyRing } from "./key-ring";

/** The key ring from the validated environment (CREDENTIALS_KEY). */
export function credentialKeysFromEnv(): CredentialKeyRing {
  return env().CREDENTIALS_KEY;
}
