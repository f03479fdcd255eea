import { DrizzleQueryError } from "drizzle-orm";
import { PgDatabase, PgPreparedQuery } from "drizzle-orm/pg-core";
import { type ServerErrorFacts, serverErrorFacts } from "./errors";

/**
 * A failed query as the rest of the app, and every log, sees it: the statement with its `$n` placeholders,
 * the SQLSTATE and the names Postgres gave (constraint, table, column), never a bound value. Code that
 * tells errors apart reads `code` and `constraint` (see `isUniqueViolation`).
 */
export class DatabaseQueryError extends Error {
  // Set only when known (declared, so an unknown one is no property at all rather than `undefined`).
  declare readonly query?: string;
  declare readonly code?: string;
  declare readonly constraint?: string;
  declare readonly table?: string;
  declare readonly column?: string;
  declare readonly schema?: string;
  declare readonly dataType?: string;
  declare readonly routine?: string;

  constructor(input: { query?: string; facts?: ServerErrorFacts; driverError?: string }) {
    const { query, facts, driverError } = input;
    const what = facts ? facts.message : `${driverError ?? "Error"} from the database driver`;
    super(query ? `Failed query (${what}): ${query}` : `Database error (${what})`);
    this.name = "DatabaseQueryError";
    if (query) Object.assign(this, { query });
    if (facts) {
      const { message: _message, severity: _severity, ...names } = facts;
      Object.assign(this, names);
    }
  }
}

/** The name and code of an error that is not Postgres's (a lost connection, a driver's refusal); never its message. */
function describeDriverError(error: unknown): string {
  if (!(error instanceof Error)) return typeof error;
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" ? `${error.name} ${code}` : error.name;
}

/**
 * Replaces a query error by one without bound values. drizzle's DrizzleQueryError lists them in its message
 * ("params: …") and keeps them in `params`; under it, the driver's error repeats them (PGlite's `params`,
 * postgres.js's `parameters`) and Postgres's own `detail` or message may quote them. Anything else passes
 * through untouched.
 */
export function toSafeQueryError(error: unknown): unknown {
  if (error instanceof DatabaseQueryError) return error;
  if (error instanceof DrizzleQueryError) {
    const facts = serverErrorFacts(error.cause);
    return new DatabaseQueryError({
      query: error.query,
      facts,
      driverError: facts ? undefined : describeDriverError(error.cause),
    });
  }
  const facts = serverErrorFacts(error);
  if (!facts) return error;
  const query = (error as { query?: unknown }).query;
  return new DatabaseQueryError({ query: typeof query === "string" ? query : undefined, facts });
}

type QueryWithCache = (this: unknown, queryString: string, params: unknown[], query: () => unknown) => Promise<unknown>;
type Transaction = (this: unknown, ...args: unknown[]) => Promise<unknown>;

const installed = Symbol.for("slotbridge.safeQueryErrors");

/**
 * Makes every query error leaving drizzle a DatabaseQueryError, for both drivers: Next.js prints an error
 * that escapes a page, route handler or action with console.error (message, cause and properties), so a
 * bound value in it would reach the log however carefully the app's own logging summarises. drizzle has no
 * hook for its errors; every statement of both drivers, in or out of a transaction, runs through
 * PgPreparedQuery's `queryWithCache`, and a transaction's own BEGIN and COMMIT through PgDatabase's
 * `transaction`, so those two are wrapped (once per process; drizzle-orm is not bundled, see
 * next.config.js). lib/db/query-errors.db.test.ts fails if an upgrade of drizzle moves them.
 */
export function installSafeQueryErrors(): void {
  const prepared = PgPreparedQuery.prototype as unknown as { queryWithCache: QueryWithCache; [installed]?: true };
  const database = PgDatabase.prototype as unknown as { transaction: Transaction };
  if (prepared[installed]) return;
  const { queryWithCache } = prepared;
  const { transaction } = database;
  if (typeof queryWithCache !== "function" || typeof transaction !== "function") {
    throw new Error("drizzle-orm no longer has PgPreparedQuery.queryWithCache or PgDatabase.transaction");
  }
  prepared.queryWithCache = async function (queryString, params, query) {
    try {
      return await queryWithCache.call(this, queryString, params, query);
    } catch (error) {
      throw toSafeQueryError(error);
    }
  };
  database.transaction = async function (...args) {
    try {
      return await transaction.apply(this, args);
    } catch (error) {
      throw toSafeQueryError(error);
    }
  };
  prepared[installed] = true;
}
