import type { AppErrorCode } from "@/lib/errors";

/** What every server action returns: small, serialisable, never a database row or a stack. */
export type ActionResult<T = null> =
  | { ok: true; data: T; message?: string }
  | {
      ok: false;
      code: AppErrorCode | "internal";
      message: string;
      fieldErrors?: Record<string, string[] | undefined>;
      /** What was submitted (never secrets), so the form can show it again: bad input loses nothing. */
      values?: Record<string, string>;
    };

export const initialActionState = null;
export type ActionState<T = null> = ActionResult<T> | null;
