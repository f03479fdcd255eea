import { randomUUID } from "node:crypto";
import { buildAvailabilityEnvelope, createEwsAgent, parseAvailabilityResponse, readSoapFault } from "@/lib/exchange";
import { type CertificateReport, checkCertificate } from "@/lib/tls";
import { ConnectorExit, EXIT } from "./exit-codes";
import { DEFAULT_EXCHANGE_TIMEOUT_MS, type ExchangeAccount, sendEnvelope } from "./relay";
import { openSealer } from "./seal";
import type { AccountRecord, ConnectorState } from "./state";

export type AuthChoice = "auto" | "ntlm" | "basic";

export interface NewAccount {
  ewsUrl: string;
  username: string;
  password: string;
  auth: AuthChoice;
  mailboxes: string[];
  impersonate: boolean;
  exchangeCaPem: string | null;
}

const MAILBOX = /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/;
const AVAILABILITY_ACTION = "http://schemas.microsoft.com/exchange/services/2006/messages/GetUserAvailability";

function fail(message: string): never {
  throw new ConnectorExit(EXIT.failed, message);
}

/** Lower-cased, each once; refuses what is not an address or what another account already serves. */
export function normaliseNewMailboxes(input: { mailboxes: string[]; state: ConnectorState }): string[] {
  const mailboxes = [...new Set(input.mailboxes.map((m) => m.trim().toLowerCase()))];
  if (mailboxes.length === 0) throw new ConnectorExit(EXIT.usage, "Give at least one --mailbox address.");
  for (const mailbox of mailboxes) {
    if (!MAILBOX.test(mailbox)) throw new ConnectorExit(EXIT.usage, `"${mailbox}" is not an email address.`);
    const owner = input.state.accounts.find((account) => account.mailboxes.includes(mailbox));
    if (owner) {
      throw new ConnectorExit(
        EXIT.usage,
        `${mailbox} is already served by account ${owner.id} (${owner.username}). Remove that account first: remove-account ${owner.id}`,
      );
    }
  }
  return mailboxes;
}

/** The certificate check's refusal in the connector's words (its CA comes from --exchange-ca, not the app). */
export function describeRefusal(report: Extract<CertificateReport, { ok: false }>): string {
  const ownCa =
    report.reason === "untrusted-issuer" || report.reason === "incomplete-chain"
      ? " If the server's certificate comes from your organisation's own CA, pass its root certificate with --exchange-ca FILE."
      : "";
  const hint = report.reason === "untrusted-issuer" ? "" : ` ${report.hint}`;
  return `The Exchange server's certificate was refused (${report.reason}): ${report.message}${hint}${ownCa}`;
}

/** Whole UTC day from today's midnight: the shape of the app's own availability requests. */
function today(now: Date): { start: Date; end: Date } {
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  return { start, end: new Date(start.getTime() + 86_400_000) };
}

const FAULT_MESSAGES: Record<string, (mailbox: string) => string> = {
  ErrorMailRecipientNotFound: (m) => `Exchange does not know the mailbox ${m}. Check the address.`,
  ErrorNonExistentMailbox: (m) => `Exchange does not know the mailbox ${m}. Check the address.`,
  ErrorImpersonateUserDenied: (m) =>
    `The account may not impersonate ${m}. An Exchange admin must grant it the ApplicationImpersonation role, or leave out --impersonate.`,
  ErrorImpersonationDenied: (m) =>
    `The account may not impersonate ${m}. An Exchange admin must grant it the ApplicationImpersonation role, or leave out --impersonate.`,
  ErrorImpersonationFailed: (m) => `Exchange could not impersonate ${m}.`,
  ErrorServerBusy: () => "Exchange is busy (throttling). Try again in a minute.",
  ErrorInvalidServerVersion: () => "This Exchange server does not speak Exchange 2013 or newer.",
};

type CheckResult = { ok: true } | { ok: false; retryOtherAuth: boolean; message: string };

/** Reads the check's answer: a FreeBusy response for the mailbox, or a reason. */
function judgeAnswer(input: { status: number; body: string; mailbox: string }): CheckResult {
  const { status, body, mailbox } = input;
  if (status === 500) {
    const code = readSoapFault(body)?.fault.responseCode;
    const explain = code ? FAULT_MESSAGES[code] : undefined;
    return {
      ok: false,
      retryOtherAuth: false,
      message: explain ? explain(mailbox) : `Exchange answered with an error${code ? ` (${code})` : ""}.`,
    };
  }
  if (status === 403) {
    return { ok: false, retryOtherAuth: true, message: "Exchange refused the account (HTTP 403)." };
  }
  if (status !== 200) return { ok: false, retryOtherAuth: false, message: `Exchange answered HTTP ${status}.` };
  let responses: ReturnType<typeof parseAvailabilityResponse>;
  try {
    responses = parseAvailabilityResponse(body);
  } catch {
    return { ok: false, retryOtherAuth: false, message: "Exchange's answer is not an availability response." };
  }
  const first = responses[0];
  if (!first) return { ok: false, retryOtherAuth: false, message: "Exchange's answer holds no availability." };
  if (first.responseClass !== "Success" && first.responseCode !== "NoError") {
    const code = first.responseCode ?? "unknown";
    const explain = FAULT_MESSAGES[code];
    return { ok: false, retryOtherAuth: false, message: explain ? explain(mailbox) : `Exchange answered ${code}.` };
  }
  return { ok: true };
}

/**
 * The account check before anything is saved: one FreeBusy GetUserAvailability for the first mailbox
 * (with ExchangeImpersonation when asked), NTLM first then Basic for "auto". Returns the method that worked.
 */
export async function checkAccount(input: {
  account: NewAccount;
  timeoutMs?: number;
  now?: Date;
}): Promise<"ntlm" | "basic"> {
  const { account } = input;
  const mailbox = account.mailboxes[0] as string;
  const envelope = buildAvailabilityEnvelope({
    mailboxes: [mailbox],
    days: today(input.now ?? new Date()),
    ...(account.impersonate ? { impersonation: { idType: "SmtpAddress" as const, id: mailbox } } : {}),
  });
  const methods: Array<"ntlm" | "basic"> = account.auth === "auto" ? ["ntlm", "basic"] : [account.auth];
  const agent = createEwsAgent({ caPem: account.exchangeCaPem ?? undefined, keepAlive: false });
  let problem = "No authentication method was tried.";
  try {
    for (const method of methods) {
      const answer = await sendEnvelope({
        url: account.ewsUrl,
        account: { username: account.username, password: account.password, authMethod: method },
        agent,
        soapAction: AVAILABILITY_ACTION,
        body: envelope,
        timeoutMs: input.timeoutMs ?? DEFAULT_EXCHANGE_TIMEOUT_MS,
      });
      let result: CheckResult;
      if ("error" in answer) {
        const retry = answer.error.reason === "wrong-password" || /NTLM/.test(answer.error.message);
        result = { ok: false, retryOtherAuth: retry, message: answer.error.message };
      } else {
        result = judgeAnswer({ status: answer.status, body: answer.body, mailbox });
      }
      if (result.ok) return method;
      problem = `${method.toUpperCase()}: ${result.message}`;
      if (!result.retryOtherAuth) break;
    }
  } finally {
    agent.destroy();
  }
  return fail(`The account check failed. ${problem}`);
}

/**
 * add-account: certificate check (lib/tls, as the app's wizard does), account check, then the password
 * sealed and the account stored. Returns the new state (the caller writes it) and the record.
 */
export async function addAccount(input: {
  dir: string;
  state: ConnectorState;
  account: NewAccount;
  certificateTimeoutMs?: number;
  env?: Readonly<Record<string, string | undefined>>;
}): Promise<{ state: ConnectorState; record: AccountRecord; certificate: CertificateReport }> {
  const { state } = input;
  const mailboxes = normaliseNewMailboxes({ mailboxes: input.account.mailboxes, state });
  let url: URL;
  try {
    url = new URL(input.account.ewsUrl);
  } catch {
    throw new ConnectorExit(EXIT.usage, "--ews-url is not a URL; e.g. https://mail.example.com/EWS/Exchange.asmx");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new ConnectorExit(EXIT.usage, "--ews-url must be an https:// address.");
  }
  if (url.username || url.password) throw new ConnectorExit(EXIT.usage, "--ews-url must not carry a user name.");
  // The sealer first: a wrong passphrase stops here, before any password is sent anywhere.
  const sealer = openSealer({ dir: input.dir, state, ...(input.env ? { env: input.env } : {}) });

  const certificate = await checkCertificate({
    url: url.toString(),
    ...(input.account.exchangeCaPem ? { caPem: input.account.exchangeCaPem } : {}),
    timeoutMs: input.certificateTimeoutMs ?? 10_000,
  });
  if (!certificate.ok) fail(describeRefusal(certificate));

  const account = { ...input.account, ewsUrl: url.toString(), mailboxes };
  const authMethod = await checkAccount({ account });
  const id = randomUUID();
  const record: AccountRecord = {
    id,
    ewsUrl: account.ewsUrl,
    username: account.username,
    authMethod,
    impersonate: account.impersonate,
    mailboxes,
    caPem: account.exchangeCaPem,
    sealedPassword: sealer.seal({ plaintext: account.password, context: id }),
    addedAt: new Date().toISOString(),
  };
  return {
    state: { ...state, sealing: sealer.sealing, accounts: [...state.accounts, record] },
    record,
    certificate,
  };
}

/** Drops one account by id (or by a mailbox it serves); without accounts the sealing starts over. */
export function removeAccount(input: { state: ConnectorState; which: string }): {
  state: ConnectorState;
  removed: AccountRecord;
} {
  const which = input.which.trim().toLowerCase();
  const removed = input.state.accounts.find(
    (account) => account.id.toLowerCase() === which || account.mailboxes.includes(which),
  );
  if (!removed) {
    throw new ConnectorExit(
      EXIT.usage,
      `No account has the id or serves the mailbox "${input.which}". List them with: accounts`,
    );
  }
  const accounts = input.state.accounts.filter((account) => account !== removed);
  return { state: { ...input.state, accounts, sealing: accounts.length === 0 ? null : input.state.sealing }, removed };
}

/** The accounts with their passwords opened, for `run`. */
export function openAccounts(input: {
  dir: string;
  state: ConnectorState;
  env?: Readonly<Record<string, string | undefined>>;
}): ExchangeAccount[] {
  if (input.state.accounts.length === 0) return [];
  const sealer = openSealer({ dir: input.dir, state: input.state, ...(input.env ? { env: input.env } : {}) });
  return input.state.accounts.map((record) => {
    let password: string;
    try {
      password = sealer.open({ sealed: record.sealedPassword, context: record.id });
    } catch {
      throw new ConnectorExit(
        EXIT.state,
        `The password of account ${record.id} (${record.username}) does not open (the state file was altered?). Remove the account and add it again.`,
      );
    }
    return {
      id: record.id,
      ewsUrl: record.ewsUrl,
      username: record.username,
      authMethod: record.authMethod,
      mailboxes: record.mailboxes,
      caPem: record.caPem,
      password,
    };
  });
}
