import type { Role } from "@/lib/db/schema";

const RANK: Record<Role, number> = { member: 0, admin: 1, owner: 2 };

/** Whether `role` carries at least the rights of `required`. */
export function hasRole(role: Role, required: Role): boolean {
  return RANK[role] >= RANK[required];
}

export const ROLE_LABELS: Record<Role, string> = { owner: "Owner", admin: "Admin", member: "Member" };
