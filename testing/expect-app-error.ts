import { expect } from "vitest";
import { AppError } from "@/lib/errors";

/** Awaits `promise`, expecting it to reject with an AppError of `code` (and `words` in its message, if given). */
export async function expectAppError(
  promise: Promise<unknown>,
  code: AppError["code"],
  words?: string,
): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  if (words) expect((error as AppError).message).toContain(words);
  return error as AppError;
}
