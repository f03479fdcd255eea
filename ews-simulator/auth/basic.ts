import type { SimAccount } from "../contract";
import type { AccountStore } from "./account-store";

/** Checks `Authorization: Basic …` the way IIS does for Exchange: DOMAIN\user, user or email, then the password. */
export function authenticateBasic(input: { token: string; accounts: AccountStore }): SimAccount | undefined {
  const decoded = Buffer.from(input.token, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon <= 0) return undefined;
  const account = input.accounts.findByLogin({ login: decoded.slice(0, colon) });
  if (!account) return undefined;
  return input.accounts.verifyPassword({ account, password: decoded.slice(colon + 1) }) ? account : undefined;
}
