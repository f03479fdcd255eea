// `npm run credentials:rotate`: re-encrypts every stored Exchange password to the newest
// CREDENTIALS_KEY version, in one transaction. Run it after every app instance has the new
// key ring (the new key plus the old ones), then drop the old keys. Prints counts, never secrets.
// On embedded PGlite, stop the app first: a PGlite data directory has one process at a time.

import { credentialKeysFromEnv } from "@/lib/crypto/keys-from-env";
import { CredentialRotationError, rotateCredentials } from "@/lib/crypto/rotate-credentials";
import { databaseHandle } from "@/lib/db";
import { EnvError } from "@/lib/env";

let keys: ReturnType<typeof credentialKeysFromEnv>;
try {
  keys = credentialKeysFromEnv();
} catch (error) {
  if (!(error instanceof EnvError)) throw error;
  console.error(`\n${error.message}\n\nSee .env.example for every setting.\n`);
  process.exit(1);
}

const handle = databaseHandle();
try {
  const { checked, reencrypted, keyVersion } = await rotateCredentials({ keys });
  console.log(
    `Checked ${checked} stored credential(s); re-encrypted ${reencrypted} to key version ${keyVersion}. ` +
      (keys.versions.length > 1
        ? `Every credential now opens with version ${keyVersion} alone; older versions may be removed from CREDENTIALS_KEY.`
        : "No older key versions are configured."),
  );
} catch (error) {
  // The message only: a database error's details can quote the row, and a row holds the sealed value.
  console.error(
    error instanceof CredentialRotationError
      ? error.message
      : `Rotation failed, nothing changed: ${String((error as Error).message)}`,
  );
  process.exitCode = 1;
} finally {
  await handle.close();
}
