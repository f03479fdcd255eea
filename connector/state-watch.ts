import fs from "node:fs";
import path from "node:path";
import { sleep } from "./backoff";
import { STATE_FILE } from "./state";

/**
 * What identifies one version of state.json: its inode (every write renames a new file into place, so a
 * new inode), size and times (for an edit in place). "missing" when there is no file.
 */
export function stateFileSignature(dir: string): string {
  try {
    const stat = fs.statSync(path.join(dir, STATE_FILE));
    return `${stat.ino}:${stat.size}:${stat.mtimeMs}:${stat.ctimeMs}`;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return "missing";
    return `unreadable:${(error as NodeJS.ErrnoException).code}`;
  }
}

/**
 * Tells `onChange` when state.json changed, by comparing its signature every `intervalMs`. Polling, not
 * fs.watch: a watch on the file dies with the first rename (every write is one), a watch on the folder
 * depends on the platform and the file system (events coalesced or missing on network shares, container
 * bind mounts and some editors' save paths) and would still need a stat to tell state.json's change from
 * its temporary files'. A stat every few seconds costs nothing and sees every kind of change.
 */
export class StateFileWatcher {
  private readonly stopped = new AbortController();
  private readonly loop: Promise<void>;

  constructor(
    private readonly input: {
      dir: string;
      /** The signature taken before the state in use was read, so a change in between is not missed. */
      signature: string;
      intervalMs: number;
      onChange: () => Promise<void> | void;
    },
  ) {
    this.loop = this.watch();
  }

  private async watch(): Promise<void> {
    let last = this.input.signature;
    while (!this.stopped.signal.aborted) {
      await sleep(this.input.intervalMs, this.stopped.signal);
      if (this.stopped.signal.aborted) return;
      // Taken before onChange reads the file: a write during the read shows up as one more change.
      const now = stateFileSignature(this.input.dir);
      if (now === last) continue;
      last = now;
      await this.input.onChange();
    }
  }

  async close(): Promise<void> {
    this.stopped.abort();
    await this.loop;
  }
}
