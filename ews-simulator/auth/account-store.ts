import { createHash, timingSafeEqual } from "node:crypto";
import type { SimAccount } from "../contract";

/**
 * The organisation's sign-in accounts with their current passwords. Passwords change through the control
 * API; `credentialVersion` lets connections authenticated earlier (NTLM) notice that they are stale.
 */
export interface AccountStore {
  list(): SimAccount[];
  findByEmail(email: string): SimAccount | undefined;
  /** `login` is DOMAIN\user, user, or the email address; `domain` comes separately from NTLM. */
  findByLogin(input: { login: string; domain?: string }): SimAccount | undefined;
  verifyPassword(input: { account: SimAccount; password: string }): boolean;
  setPassword(input: { email: string; password: string }): boolean;
  credentialVersion(email: string): number;
  reset(): void;
}

export function createAccountStore(seed: () => SimAccount[]): AccountStore {
  let accounts = seed();
  const versions = new Map<string, number>();
  const byEmail = (email: string) => accounts.find((a) => a.email === email.trim().toLowerCase());

  return {
    list: () => accounts.map((a) => ({ ...a, canImpersonate: [...a.canImpersonate] })),
    findByEmail: byEmail,
    findByLogin({ login, domain }) {
      const [prefix, user] = login.includes("\\") ? login.split("\\", 2) : [domain, login];
      if (!user) return undefined;
      if (user.includes("@")) return byEmail(user);
      return accounts.find(
        (a) =>
          a.username.toLowerCase() === user.toLowerCase() &&
          (!prefix || prefix === "." || a.domain.toLowerCase() === prefix.toLowerCase()),
      );
    },
    verifyPassword({ account, password }) {
      const current = byEmail(account.email);
      if (!current) return false;
      // Digests have equal length, so the comparison takes the same time whatever was typed.
      return timingSafeEqual(digest(current.password), digest(password));
    },
    setPassword({ email, password }) {
      const account = byEmail(email);
      if (!account) return false;
      account.password = password;
      versions.set(account.email, (versions.get(account.email) ?? 0) + 1);
      return true;
    },
    credentialVersion: (email) => versions.get(email.toLowerCase()) ?? 0,
    reset() {
      accounts = seed();
      for (const [email, version] of versions) versions.set(email, version + 1);
    },
  };
}

function digest(value: string): Buffer {
  return createHash("sha256").update(value, "utf8").digest();
}
