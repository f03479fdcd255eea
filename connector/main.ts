import { realpathSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { ALLOW_INSECURE_LOOPBACK_ENV } from "./app-client";
import { accountsCommand, addAccountCommand, type Output, pairCommand, removeAccountCommand } from "./commands";
import { ConnectorExit, EXIT } from "./exit-codes";
import { runCommand } from "./run";
import { PASSPHRASE_ENV } from "./seal";
import { CONNECTOR_VERSION } from "./version";

const ENVIRONMENT_HELP = `
Environment:
  SLOTBRIDGE_CONNECTOR_HOME       state folder when --state-dir is not given
                                  (default ~/.config/slotbridge-connector)
  ${PASSPHRASE_ENV}
                                  seal the Exchange passwords with this passphrase (scrypt)
                                  instead of the key file in the state folder
  SLOTBRIDGE_EXCHANGE_PASSWORD    add-account reads the Exchange password from here;
                                  without it, it asks on the terminal (not shown)
  HTTPS_PROXY, HTTP_PROXY, NO_PROXY
                                  proxy for calls to the app, unless --proxy is given
  LOG_LEVEL                       run's log level: debug, info (default), warn, error
  ${ALLOW_INSECURE_LOOPBACK_ENV}=1
                                  tests only: allow an http:// app address on a loopback host

Exit codes: 0 done or stopped by SIGINT/SIGTERM, 1 failed (refused pairing, certificate,
password, unreachable), 2 wrong usage, 3 token revoked or unknown (pair again),
4 the app needs a newer connector, 5 state folder or file unusable.`;

function seconds(name: string) {
  return (value: string): number => {
    const parsed = Number(value);
    if (!Number.isFinite(parsed) || parsed <= 0 || parsed > 3600) {
      throw new InvalidArgumentError(`${name} takes a number of seconds between 0 and 3600.`);
    }
    return parsed;
  };
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** `result.code` is set by `run` (its exit code); the other commands end with 0 or throw. */
export function buildProgram(output: Output, result: { code: number } = { code: 0 }): Command {
  const program = new Command("slotbridge-connector")
    .description(
      "Slotbridge's on-premises connector: relays the app's Exchange (EWS) requests to an Exchange server the app cannot reach, over outbound HTTPS only.",
    )
    .version(CONNECTOR_VERSION)
    .option(
      "--state-dir <dir>",
      "folder for state.json (pairing token, accounts) and the key file; created with mode 0700 " +
        "(default: $SLOTBRIDGE_CONNECTOR_HOME or ~/.config/slotbridge-connector)",
    )
    .showHelpAfterError()
    .addHelpText("after", ENVIRONMENT_HELP)
    .configureOutput({ writeOut: (text) => output.out(text.trimEnd()), writeErr: (text) => output.err(text.trimEnd()) })
    .exitOverride();

  const stateDir = (command: Command) => (command.optsWithGlobals() as { stateDir?: string }).stateDir;

  program
    .command("pair")
    .description("exchange a one-time pairing code from the app for this connector's token, and save it")
    .requiredOption("--server <url>", "the app's https:// address, e.g. https://slotbridge.example.com")
    .requiredOption("--code <code>", "the pairing code the app showed (e.g. ABCD-EFGH; valid 10 minutes, once)")
    .option(
      "--server-ca <file>",
      "PEM root certificate of your organisation's CA, if the app's certificate comes from it",
    )
    .option("--proxy <url>", "HTTP(S) proxy for this call, http://[user:password@]host:port (default: HTTPS_PROXY)")
    .action(async (options, command: Command) => {
      await pairCommand({ stateDir: stateDir(command), ...options, output });
    });

  program
    .command("add-account")
    .description(
      "add an Exchange account and the mailboxes it serves; checks the certificate and the password first " +
        "(password from SLOTBRIDGE_EXCHANGE_PASSWORD or typed, never an argument)",
    )
    .requiredOption("--ews-url <url>", "EWS address, e.g. https://mail.contoso.com/EWS/Exchange.asmx")
    .requiredOption("--username <name>", "DOMAIN\\user or user@domain (UPN)")
    .addOption(
      new Option("--auth <method>", "authentication: auto tries NTLM, then Basic")
        .choices(["auto", "ntlm", "basic"])
        .default("auto"),
    )
    .requiredOption(
      "--mailbox <address>",
      "a mailbox this account serves; repeat for several (the first one is used for the check)",
      collect,
    )
    .option("--impersonate", "the account is a service account acting for the mailboxes (ApplicationImpersonation)")
    .option(
      "--exchange-ca <file>",
      "PEM root certificate of your organisation's CA, if Exchange's certificate comes from it",
    )
    .action(async (options, command: Command) => {
      await addAccountCommand({
        stateDir: stateDir(command),
        ewsUrl: options.ewsUrl,
        username: options.username,
        auth: options.auth,
        mailboxes: options.mailbox,
        impersonate: Boolean(options.impersonate),
        exchangeCa: options.exchangeCa,
        output,
      });
    });

  program
    .command("remove-account")
    .description("remove an account, by its id or by a mailbox it serves")
    .argument("<id-or-mailbox>", "the account's id (see accounts) or one of its mailboxes")
    .action((which: string, _options, command: Command) => {
      removeAccountCommand({ stateDir: stateDir(command), which, output });
    });

  program
    .command("accounts")
    .description("show the pairing and the accounts with their mailboxes (never a password)")
    .action((_options, command: Command) => {
      accountsCommand({ stateDir: stateDir(command), output });
    });

  program
    .command("run")
    .description(
      "say hello to the app, hold the real-time channel (or poll when it cannot be held) and relay requests; " +
        "picks up add-account, remove-account and a new pairing without a restart; " +
        "JSON log lines on stdout; stops cleanly on SIGINT/SIGTERM",
    )
    .option(
      "--poll-interval <seconds>",
      "seconds between polls in auto-sync (default: the app's, 5)",
      seconds("--poll-interval"),
    )
    .option(
      "--channel-retry <seconds>",
      "seconds between attempts to get the real-time channel back while polling (default 60)",
      seconds("--channel-retry"),
    )
    .option(
      "--proxy <url>",
      "HTTP(S) proxy for calls to the app, http://[user:password@]host:port (default: HTTPS_PROXY)",
    )
    .option(
      "--auto-sync",
      "poll only, never hold the real-time channel (for networks known to break long-lived connections)",
    )
    .option("--once", "say hello, poll once, answer what came, and exit (for cron or a quick test)")
    .action(async (options, command: Command) => {
      const controller = new AbortController();
      let stopping = false;
      let abandon: (() => void) | undefined;
      const onSignal = (name: string) => {
        if (stopping) {
          output.err(`${name} again: stopping without waiting for the answers in flight.`);
          abandon?.();
          return;
        }
        stopping = true;
        output.err(`${name}: finishing the answers in flight, then stopping (again to stop at once).`);
        controller.abort();
      };
      const onInt = () => onSignal("SIGINT");
      const onTerm = () => onSignal("SIGTERM");
      process.on("SIGINT", onInt);
      process.on("SIGTERM", onTerm);
      try {
        result.code = await runCommand({
          stateDir: stateDir(command),
          pollInterval: options.pollInterval,
          channelRetry: options.channelRetry,
          autoSyncOnly: Boolean(options.autoSync),
          proxy: options.proxy,
          once: Boolean(options.once),
          output,
          signal: controller.signal,
          onStarted: ({ handler }) => {
            abandon = () => handler.abandonAnswers();
          },
        });
      } finally {
        process.off("SIGINT", onInt);
        process.off("SIGTERM", onTerm);
      }
    });

  return program;
}

/** Runs the program; resolves with the exit code instead of exiting (tests call this). */
export async function main(argv: string[], output: Output): Promise<number> {
  const result = { code: EXIT.ok as number };
  const program = buildProgram(output, result);
  try {
    await program.parseAsync(argv, { from: "user" });
    return result.code;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.code === "commander.helpDisplayed" || error.code === "commander.version" || error.exitCode === 0
        ? EXIT.ok
        : EXIT.usage;
    }
    if (error instanceof ConnectorExit) {
      output.err(error.message);
      return error.exitCode;
    }
    // A bug: its type and message (ours, never a secret), without the stack trace's noise.
    output.err(`Unexpected error (${(error as Error)?.name ?? typeof error}): ${(error as Error)?.message ?? ""}`);
    return EXIT.failed;
  }
}

function isEntryPoint(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(entry)).href;
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  const output: Output = {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  };
  main(process.argv.slice(2), output).then((code) => {
    process.exitCode = code;
    // Everything is closed by now; should a socket linger anyway, it must not keep a stopped service alive.
    setTimeout(() => process.exit(code), 2_000).unref();
  });
}
