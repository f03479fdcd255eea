import type { SimAccount } from "@/ews-simulator/contract";
import { SEED_PASSWORD, seedAccounts } from "@/ews-simulator/data/accounts";

/**
 * The simulator's seeded organisation plus `extra` people (member-001@contoso.test …), for tests and the
 * bench that need more than its twelve mailboxes: the simulator seeds a calendar for every account it is
 * started with (default zone UTC). Test and bench support only; app code never imports the simulator.
 */
export function accountsWithExtraMembers(extra: number): SimAccount[] {
  const members = Array.from({ length: extra }, (_, i): SimAccount => {
    const user = `member-${String(i + 1).padStart(3, "0")}`;
    return {
      email: `${user}@contoso.test`,
      domain: "CONTOSO",
      username: user,
      password: SEED_PASSWORD,
      displayName: `Member ${i + 1}`,
      canImpersonate: [],
    };
  });
  return [...seedAccounts(), ...members];
}

/** Every mailbox of `accounts` (the service account only signs in). */
export const mailboxesOf = (accounts: SimAccount[]) =>
  accounts.filter((a) => a.username !== "svc-slotbridge").map((a) => a.email);

/** Monday 00:00 UTC of the current week: the simulator seeds its calendars around it. */
export function thisMondayUtc(now = new Date()): Date {
  const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return new Date(midnight - ((now.getUTCDay() + 6) % 7) * 86_400_000);
}

export const days = (from: Date, count: number) => new Date(from.getTime() + count * 86_400_000);
