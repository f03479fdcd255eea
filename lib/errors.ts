/** Failures a user can act on. Anything else is logged and shown as a generic error. */
export type AppErrorCode =
  | "unauthenticated"
  | "forbidden"
  | "not_found"
  | "invalid_input"
  | "conflict"
  | "last_owner"
  | "rate_limited"
  | "invite_invalid"
  | "email_unverified";

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "AppError";
  }
}
