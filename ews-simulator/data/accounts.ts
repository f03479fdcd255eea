import type { SimAccount } from "../contract";

/**
 * The simulated organisation's sign-in accounts. Every person has a mailbox of the same
 * address (data/seed.ts); `svc-slotbridge` is a service account granted impersonation on
 * everyone, as an Exchange admin would set up for a booking app.
 */
const DOMAIN = "CONTOSO";
const PASSWORD = "Simulator-Pass-1";

function person(user: string, displayName: string): SimAccount {
  return {
    email: `${user}@contoso.test`,
    domain: DOMAIN,
    username: user,
    password: PASSWORD,
    displayName,
    canImpersonate: [],
  };
}

export const SEED_PEOPLE: SimAccount[] = [
  person("alice", "Alice Andersen"), // Europe/London
  person("bob", "Bob Brown"), // America/New_York
  person("chloe", "Chloé Dubois"), // Europe/Paris
  person("dev", "Dev Sharma"), // Asia/Kolkata (half-hour offset)
  person("emma", "Emma Wilson"), // Australia/Sydney (southern hemisphere DST)
  person("farid", "Farid Haddad"), // Asia/Dubai (no DST)
  person("grace", "Grace Lee"), // America/Los_Angeles
  person("hiro", "Hiro Tanaka"), // Asia/Tokyo
  person("ines", "Inês Costa"), // America/Sao_Paulo
  person("jonas", "Jonas Berg"), // Europe/Berlin
  person("kiri", "Kiri Walker"), // Pacific/Auckland
  person("lena", "Lena Novak"), // UTC
];

export const SERVICE_ACCOUNT: SimAccount = {
  ...person("svc-slotbridge", "Slotbridge Service"),
  canImpersonate: SEED_PEOPLE.map((p) => p.email),
};

export function seedAccounts(): SimAccount[] {
  return [...SEED_PEOPLE.map((p) => ({ ...p, canImpersonate: [...p.canImpersonate] })), { ...SERVICE_ACCOUNT }];
}

export const SEED_PASSWORD = PASSWORD;
