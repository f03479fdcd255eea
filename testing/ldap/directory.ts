// The test directory: an Active Directory-shaped tree for directory sign-in's tests and the demo, seeded
// through the LDAP protocol so slapd's memberof overlay keeps memberOf as AD keeps its back-link. Nothing
// here is a real person or a real password.

export const BASE_DN = "dc=northwind,dc=example";
export const USERS_DN = `cn=Users,${BASE_DN}`;

/** AD's userAccountControl flags: a normal account (512), and one disabled (512 | ACCOUNTDISABLE 2). */
export const NORMAL_ACCOUNT = 512;
export const DISABLED_ACCOUNT = 514;

export interface DirectoryUser {
  /** sAMAccountName: what people type as `NORTHWIND\name` or `name`. */
  account: string;
  displayName: string;
  mail: string;
  password: string;
  disabled?: boolean;
}

export interface DirectoryGroup {
  name: string;
  /** Accounts of users, or names of other groups (nesting). */
  members: string[];
}

/** The bind account Slotbridge searches with. */
export const SERVICE_ACCOUNT: DirectoryUser = {
  account: "svc-slotbridge",
  displayName: "Slotbridge service",
  mail: "svc-slotbridge@northwind.example",
  password: "Directory-Service-1",
};

export const DIRECTORY_USERS: readonly DirectoryUser[] = [
  SERVICE_ACCOUNT,
  { account: "ada", displayName: "Ada Admin", mail: "ada@northwind.example", password: "Directory-Ada-1" },
  { account: "ivan", displayName: "Ivan IT", mail: "ivan@northwind.example", password: "Directory-Ivan-1" },
  { account: "rosa", displayName: "Rosa Reception", mail: "rosa@northwind.example", password: "Directory-Rosa-1" },
  { account: "nils", displayName: "Nils Nobody", mail: "nils@northwind.example", password: "Directory-Nils-1" },
  {
    account: "dora",
    displayName: "Dora Disabled",
    mail: "dora@northwind.example",
    password: "Directory-Dora-1",
    disabled: true,
  },
];

/**
 * Ada is a direct member of "Slotbridge Admins"; Ivan only through "IT Staff", a member of it (nesting);
 * Rosa is in "Reception"; Nils in none; Dora is disabled but still in "Reception".
 */
export const DIRECTORY_GROUPS: readonly DirectoryGroup[] = [
  { name: "IT Staff", members: ["ivan"] },
  { name: "Slotbridge Admins", members: ["ada", "IT Staff"] },
  { name: "Reception", members: ["rosa", "dora"] },
];

export const userDn = (account: string) => {
  const user = DIRECTORY_USERS.find((entry) => entry.account === account);
  if (!user) throw new Error(`no directory user ${account}`);
  return `cn=${user.displayName},${USERS_DN}`;
};

export const groupDn = (name: string) => `cn=${name},${USERS_DN}`;

/** A group member's DN: a user by account, else a group by name. */
export function memberDn(member: string): string {
  return DIRECTORY_USERS.some((user) => user.account === member) ? userDn(member) : groupDn(member);
}
