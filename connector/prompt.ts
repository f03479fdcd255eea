import { ConnectorExit, EXIT } from "./exit-codes";

export const PASSWORD_ENV = "SLOTBRIDGE_EXCHANGE_PASSWORD";

/**
 * The Exchange password: from SLOTBRIDGE_EXCHANGE_PASSWORD, else typed on the terminal without echo. Never
 * a command-line argument (other users see those in the process list, and shells keep them in history).
 */
export async function readExchangePassword(input: {
  env?: Readonly<Record<string, string | undefined>>;
  stdin?: NodeJS.ReadStream;
  stderr?: NodeJS.WriteStream;
}): Promise<string> {
  const fromEnv = (input.env ?? process.env)[PASSWORD_ENV];
  if (fromEnv) return fromEnv;
  const stdin = input.stdin ?? process.stdin;
  const stderr = input.stderr ?? process.stderr;
  if (!stdin.isTTY) {
    throw new ConnectorExit(
      EXIT.usage,
      `No password: set ${PASSWORD_ENV}, or run add-account in a terminal to type it.`,
    );
  }
  const password = await promptHidden({ question: "Exchange password (not shown): ", stdin, stderr });
  if (password.length === 0) throw new ConnectorExit(EXIT.usage, "The password is empty.");
  return password;
}

function promptHidden(input: {
  question: string;
  stdin: NodeJS.ReadStream;
  stderr: NodeJS.WriteStream;
}): Promise<string> {
  const { stdin, stderr } = input;
  stderr.write(input.question);
  const wasRaw = stdin.isRaw;
  stdin.setRawMode(true);
  stdin.setEncoding("utf8");
  stdin.resume();
  return new Promise((resolve, reject) => {
    let value = "";
    const finish = (outcome: () => void) => {
      stdin.off("data", onData);
      stdin.setRawMode(wasRaw);
      stdin.pause();
      stderr.write("\n");
      outcome();
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === "\r" || char === "\n") return finish(() => resolve(value));
        // Ctrl-C and Ctrl-D: raw mode delivers them as characters instead of signals.
        if (char === "\u0003" || char === "\u0004") {
          return finish(() => reject(new ConnectorExit(EXIT.failed, "Cancelled; nothing was saved.")));
        }
        if (char === "\u007f" || char === "\b") {
          value = [...value].slice(0, -1).join("");
          continue;
        }
        value += char;
      }
    };
    stdin.on("data", onData);
  });
}
