function isViolation(error: unknown, sqlState: string, constraint?: string): boolean {
  for (let e: unknown = error; e && typeof e === "object"; e = (e as { cause?: unknown }).cause) {
    const { code, constraint_name, constraint: name } = e as Record<string, unknown>;
    if (code === sqlState) return !constraint || constraint_name === constraint || name === constraint;
  }
  return false;
}

/** True when Postgres refused a write for a unique constraint (SQLSTATE 23505), under either driver. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  return isViolation(error, "23505", constraint);
}

/** True when Postgres refused a write for an exclusion constraint (SQLSTATE 23P01): a double booking. */
export function isExclusionViolation(error: unknown, constraint?: string): boolean {
  return isViolation(error, "23P01", constraint);
}

/** True when Postgres broke a deadlock by aborting this transaction (SQLSTATE 40P01): it may be run again. */
export function isDeadlock(error: unknown): boolean {
  return isViolation(error, "40P01");
}
