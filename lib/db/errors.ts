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

/** What Postgres said about a failed statement, minus anything that may hold a value the statement carried. */
export interface ServerErrorFacts {
  /** The SQLSTATE, e.g. 23505. */
  code: string;
  /** Postgres's message where its kind of error names only objects, else `SQLSTATE <code>`. */
  message: string;
  severity?: string;
  constraint?: string;
  table?: string;
  column?: string;
  schema?: string;
  dataType?: string;
  routine?: string;
}

const SQLSTATE = /^[0-9A-Z]{5}$/;

/**
 * SQLSTATE classes whose messages name constraints, tables, columns and types but never a value:
 * connection (08), integrity constraints (23; the row and key are in `detail`), transaction state (25),
 * rollback (40), syntax and access (42), resources (53), object state (55), operator intervention (57).
 * Others, data exceptions (22) first, quote the offending value ("invalid input syntax for type uuid: …").
 */
const MESSAGE_NAMES_OBJECTS_ONLY = new Set(["08", "23", "25", "40", "42", "53", "55", "57"]);

function text(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

/**
 * A Postgres server error under either driver (postgres.js's PostgresError with `constraint_name` and the
 * like, PGlite's DatabaseError with `constraint`), reduced to facts that carry no bound value: never its
 * `detail` ("Key (email)=(…)", "Failing row contains (…)"), `where`, `hint`, the statement's parameters or,
 * for error kinds that quote values, its message. Undefined for anything that is not a server error.
 */
export function serverErrorFacts(error: unknown): ServerErrorFacts | undefined {
  if (!error || typeof error !== "object") return undefined;
  const e = error as Record<string, unknown>;
  const code = text(e.code);
  if (!code || !SQLSTATE.test(code) || !text(e.severity)) return undefined;
  const message = text(e.message);
  const facts: ServerErrorFacts = {
    code,
    message: message && MESSAGE_NAMES_OBJECTS_ONLY.has(code.slice(0, 2)) ? message : `SQLSTATE ${code}`,
    severity: text(e.severity),
    constraint: text(e.constraint_name) ?? text(e.constraint),
    table: text(e.table_name) ?? text(e.table),
    column: text(e.column_name) ?? text(e.column),
    schema: text(e.schema_name) ?? text(e.schema),
    dataType: text(e.data_type_name) ?? text(e.dataType),
    routine: text(e.routine),
  };
  return Object.fromEntries(Object.entries(facts).filter(([, v]) => v !== undefined)) as unknown as ServerErrorFacts;
}
