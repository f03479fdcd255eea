import { chmodSync, lstatSync, mkdirSync, readdirSync } from "node:fs";
import path from "node:path";

const GROUP_AND_OTHER = 0o077;

/**
 * Takes every group and other permission off `dir` and everything under it: directories become 0700,
 * files 0600 (symbolic links are left alone, never followed). Returns how many entries were changed.
 */
export function restrictToOwner(dir: string): number {
  let changed = 0;
  const visit = (entry: string) => {
    const stat = lstatSync(entry);
    if (stat.isSymbolicLink()) return;
    const wanted = stat.isDirectory() ? 0o700 : 0o600;
    if ((stat.mode & GROUP_AND_OTHER) !== 0) {
      chmodSync(entry, wanted);
      changed += 1;
    }
    if (stat.isDirectory()) for (const name of readdirSync(entry)) visit(path.join(entry, name));
  };
  visit(dir);
  return changed;
}

/**
 * Creates `dir` (and any missing parent) with mode 0700, or restricts an existing one and its contents to
 * the owner. Returns how many existing entries had to be restricted.
 */
export function ensureOwnerOnlyDir(dir: string): number {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return restrictToOwner(dir);
}

/**
 * Makes files and directories this process creates from now on owner-only (umask 077). The umask is
 * process-wide; Node refuses to change it in a worker thread, where the explicit modes above still hold.
 */
export function setOwnerOnlyUmask(): void {
  try {
    process.umask(GROUP_AND_OTHER);
  } catch {
    // ERR_WORKER_UNSUPPORTED_OPERATION: only the main thread may set the umask.
  }
}
