/** The program's exit codes (README-SECTION.md lists them for whoever supervises the process). */
export const EXIT = {
  ok: 0,
  /** The command could not do its job: pairing refused, certificate or password refused, server unreachable. */
  failed: 1,
  /** A wrong option or argument. */
  usage: 2,
  /** The app revoked the token or does not know it: pair again. */
  revoked: 3,
  /** The app needs a newer connector. */
  upgradeRequired: 4,
  /** The state folder or file is missing, broken, too open, or its passwords cannot be opened. */
  state: 5,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An error that ends the program with a plain message (no stack) and a given exit code. */
export class ConnectorExit extends Error {
  constructor(
    readonly exitCode: ExitCode,
    message: string,
  ) {
    super(message);
    this.name = "ConnectorExit";
  }
}
