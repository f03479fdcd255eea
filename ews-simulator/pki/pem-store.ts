import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";

/** PEM files of one PKI folder; writes go through a rename so a crash never leaves half a key. */
export interface PemStore {
  dir: string;
  read(name: string): Promise<string | undefined>;
  write(input: { name: string; pem: string; secret?: boolean }): Promise<void>;
  pathOf(name: string): string;
}

export async function openPemStore(dir: string): Promise<PemStore> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const pathOf = (name: string) => path.join(dir, name);
  return {
    dir,
    pathOf,
    async read(name) {
      try {
        return await readFile(pathOf(name), "utf8");
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
        throw error;
      }
    },
    async write({ name, pem, secret }) {
      const temporary = `${pathOf(name)}.${process.pid}.tmp`;
      await writeFile(temporary, pem, { mode: secret ? 0o600 : 0o644 });
      await rename(temporary, pathOf(name));
    },
  };
}
