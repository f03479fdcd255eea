"use client";

import Link from "next/link";
import { type FormEvent, useRef, useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button, buttonClasses } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { SelectField, TextField } from "@/components/ui/field";
import type { ActionResult } from "@/lib/actions/result";
import { resolveServerAction, saveConnectionAction, testAccountAction } from "./actions";
import { BrowserCheck, useBrowserCheck } from "./browser-check";
import { CertificateSummary } from "./certificate-summary";
import { FreeBusyWeek } from "./free-busy-week";

type Data<A extends (...args: never[]) => Promise<ActionResult<unknown>>> = Extract<
  Awaited<ReturnType<A>>,
  { ok: true }
>["data"];
type Resolved = Data<typeof resolveServerAction>;
type Report = Extract<Resolved, { found: true }>["certificate"];
type Tested = Data<typeof testAccountAction>;
type Saved = Data<typeof saveConnectionAction>;

const STEPS = ["Server", "Certificate", "Account", "Done"] as const;
type Step = 0 | 1 | 2 | 3;

interface Entries {
  mailboxEmail: string;
  username: string;
  authMethod: "auto" | "ntlm" | "basic";
  impersonate: boolean;
  autodiscoverServer: string;
  manualUrl: string;
  ownerUserId: string;
}

export interface OwnerOption {
  value: string;
  label: string;
}

function toFormData(values: Record<string, string>) {
  const data = new FormData();
  for (const [key, value] of Object.entries(values)) data.set(key, value);
  return data;
}

function Progress({ step }: { step: Step }) {
  return (
    <ol className="mb-6 grid grid-cols-4 gap-2" aria-label="Progress">
      {STEPS.map((label, index) => (
        <li
          key={label}
          aria-current={index === step ? "step" : undefined}
          className={cn(
            "border-t-4 pt-2 text-sm font-medium",
            index < step
              ? "border-brand-600 text-brand-700"
              : index === step
                ? "border-brand-600 text-slate-900"
                : "border-slate-200 text-slate-500",
          )}
        >
          <span className="text-xs text-slate-500">Step {index + 1}</span>
          <br />
          {label}
        </li>
      ))}
    </ol>
  );
}

/**
 * The connection wizard. Entries live in this component between steps; the password lives only in a ref (never
 * in state that renders, never in HTML) and is sent with the steps that need it. Going back forgets it.
 */
export function ConnectWizard({
  owners,
  canImpersonate,
  ownMailbox,
}: {
  owners: OwnerOption[] | null;
  canImpersonate: boolean;
  /** Members connect only the mailbox of their sign-in address; null for admins, who choose. */
  ownMailbox: string | null;
}) {
  const [step, setStep] = useState<Step>(0);
  const [entries, setEntries] = useState<Entries>({
    mailboxEmail: ownMailbox ?? "",
    username: "",
    authMethod: "auto",
    impersonate: false,
    autodiscoverServer: "",
    manualUrl: "",
    ownerUserId: owners?.[0]?.value ?? "",
  });
  const [showManual, setShowManual] = useState(false);
  const [showAdvanced, setShowAdvanced] = useState(false);
  const password = useRef("");
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<{ message: string; fieldErrors?: Record<string, string[] | undefined> } | null>(
    null,
  );
  const [notFound, setNotFound] = useState<Extract<Resolved, { found: false }> | null>(null);
  const [ewsUrl, setEwsUrl] = useState("");
  const [report, setReport] = useState<Report | null>(null);
  const [tested, setTested] = useState<Tested | null>(null);
  const [saved, setSaved] = useState<Saved | null>(null);

  const set = <K extends keyof Entries>(key: K, value: Entries[K]) => setEntries((old) => ({ ...old, [key]: value }));
  const accountFields = () => ({
    mailboxEmail: entries.mailboxEmail,
    username: entries.username,
    password: password.current,
    authMethod: entries.authMethod,
    impersonate: String(entries.impersonate),
  });

  function fail(result: Extract<ActionResult<unknown>, { ok: false }>) {
    setError({ message: result.message, ...(result.fieldErrors ? { fieldErrors: result.fieldErrors } : {}) });
  }

  function submitServer(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    password.current = String(new FormData(event.currentTarget).get("password") ?? "");
    setError(null);
    startTransition(async () => {
      const resolved = await resolveServerAction(
        null,
        toFormData({
          ...accountFields(),
          manualUrl: showManual ? entries.manualUrl : "",
          autodiscoverServer: entries.autodiscoverServer,
        }),
      );
      if (!resolved.ok) return fail(resolved);
      if (!resolved.data.found) {
        setNotFound(resolved.data);
        setShowManual(true);
        return;
      }
      setNotFound(null);
      setEwsUrl(resolved.data.ewsUrl);
      setReport(resolved.data.certificate);
      setStep(1);
    });
  }

  function runAccountTest() {
    setError(null);
    setTested(null);
    setStep(2);
    startTransition(async () => {
      const result = await testAccountAction(null, toFormData({ ...accountFields(), ewsUrl }));
      if (!result.ok) return fail(result);
      setTested(result.data);
    });
  }

  function save() {
    setError(null);
    startTransition(async () => {
      const result = await saveConnectionAction(
        null,
        toFormData({ ...accountFields(), ewsUrl, ...(owners ? { ownerUserId: entries.ownerUserId } : {}) }),
      );
      if (!result.ok) return fail(result);
      setSaved(result.data);
      if (result.data.saved) {
        password.current = "";
        setStep(3);
      }
    });
  }

  function back() {
    password.current = "";
    setError(null);
    setTested(null);
    setSaved(null);
    setStep(0);
  }

  return (
    <div>
      <Progress step={step} />
      {error && !error.fieldErrors && <Alert tone="error">{error.message}</Alert>}
      {step === 0 && (
        <form onSubmit={submitServer} className="max-w-xl space-y-4" noValidate aria-label="Server">
          <TextField
            name="mailboxEmail"
            label="Mailbox email address"
            type="email"
            autoComplete="off"
            value={entries.mailboxEmail}
            onChange={(event) => set("mailboxEmail", event.target.value)}
            errors={error?.fieldErrors?.mailboxEmail}
            readOnly={ownMailbox !== null}
            {...(ownMailbox !== null
              ? { hint: "Your sign-in address. To connect another mailbox for you, ask an admin." }
              : {})}
          />
          {owners && (
            <SelectField
              name="ownerUserId"
              label="Whose calendar is it?"
              options={owners}
              value={entries.ownerUserId}
              onChange={(event) => set("ownerUserId", event.target.value)}
            />
          )}
          <TextField
            name="username"
            label="User name"
            autoComplete="off"
            hint="As Exchange knows it: alice@contoso.com or CONTOSO\alice."
            value={entries.username}
            onChange={(event) => set("username", event.target.value)}
            errors={error?.fieldErrors?.username}
          />
          <TextField
            name="password"
            label="Password"
            type="password"
            autoComplete="new-password"
            hint={
              step === 0 && entries.username
                ? "Kept only in this page until you save; enter it again after going back."
                : undefined
            }
            errors={error?.fieldErrors?.password}
          />
          <SelectField
            name="authMethod"
            label="Authentication"
            options={[
              { value: "auto", label: "Automatic (NTLM, then Basic)" },
              { value: "ntlm", label: "NTLM" },
              { value: "basic", label: "Basic (over TLS)" },
            ]}
            value={entries.authMethod}
            onChange={(event) => set("authMethod", event.target.value as Entries["authMethod"])}
          />
          {canImpersonate && (
            <label className="flex items-start gap-2 text-sm text-slate-800">
              <input
                type="checkbox"
                className="mt-1"
                checked={entries.impersonate}
                onChange={(event) => set("impersonate", event.target.checked)}
              />
              <span>
                Act as this mailbox through impersonation
                <span className="block text-xs text-slate-500">
                  For a service account granted the ApplicationImpersonation role.
                </span>
              </span>
            </label>
          )}
          {showManual ? (
            <TextField
              name="manualUrl"
              label="EWS URL"
              placeholder="https://mail.example.com/EWS/Exchange.asmx"
              value={entries.manualUrl}
              onChange={(event) => set("manualUrl", event.target.value)}
              errors={error?.fieldErrors?.manualUrl}
            />
          ) : (
            <div className="text-sm">
              <button
                type="button"
                className="font-medium text-brand-600 hover:underline"
                onClick={() => setShowAdvanced((open) => !open)}
                aria-expanded={showAdvanced}
              >
                Autodiscover options
              </button>
              {" · "}
              <button
                type="button"
                className="font-medium text-brand-600 hover:underline"
                onClick={() => setShowManual(true)}
              >
                Enter the EWS URL myself
              </button>
            </div>
          )}
          {showAdvanced && !showManual && (
            <TextField
              name="autodiscoverServer"
              label="Autodiscover server (optional)"
              hint="When autodiscover is not published for the mailbox's domain: the host (or https:// address) that answers /autodiscover/autodiscover.svc."
              value={entries.autodiscoverServer}
              onChange={(event) => set("autodiscoverServer", event.target.value)}
              errors={error?.fieldErrors?.autodiscoverServer}
            />
          )}
          {notFound && (
            <Alert tone="error">
              <p>{notFound.message}</p>
            </Alert>
          )}
          <div className="flex items-center gap-3">
            <Button type="submit" disabled={pending}>
              {pending ? "Looking for the server…" : showManual ? "Use this URL" : "Find the server"}
            </Button>
            {showManual && (
              <button
                type="button"
                className="text-sm font-medium text-slate-600 hover:underline"
                onClick={() => {
                  setShowManual(false);
                  setNotFound(null);
                }}
              >
                Use autodiscover instead
              </button>
            )}
          </div>
        </form>
      )}
      {step === 1 && (
        <section aria-label="Certificate" className="space-y-4">
          <p className="text-sm text-slate-700">
            EWS URL:{" "}
            <code className="font-mono text-xs" data-testid="ews-url">
              {ewsUrl}
            </code>
          </p>
          {report ? (
            <CertificateSummary report={report} />
          ) : (
            <p className="text-sm text-slate-600">Checking the certificate…</p>
          )}
          {report && <BrowserVerdict url={ewsUrl} serverTrusts={report.ok} />}
          <div className="flex gap-3">
            <Button variant="secondary" onClick={back} disabled={pending}>
              Back
            </Button>
            {report?.ok && (
              <Button onClick={runAccountTest} disabled={pending}>
                Continue
              </Button>
            )}
          </div>
        </section>
      )}
      {step === 2 && (
        <section aria-label="Account" className="space-y-4">
          {pending && !tested && (
            <p className="text-sm text-slate-600">Testing the account with a live call to Exchange…</p>
          )}
          {tested?.passed && (
            <Alert tone="success">
              Exchange accepted {entries.username} for {entries.mailboxEmail} ({tested.authMethod.toUpperCase()}).
            </Alert>
          )}
          {tested && !tested.passed && <Alert tone="error">{tested.message}</Alert>}
          {saved && !saved.saved && <Alert tone="error">{saved.message}</Alert>}
          <div className="flex gap-3">
            <Button variant="secondary" onClick={back} disabled={pending}>
              Back
            </Button>
            {tested?.passed && (
              <Button onClick={save} disabled={pending}>
                {pending ? "Saving…" : "Save connection"}
              </Button>
            )}
          </div>
        </section>
      )}
      {step === 3 && saved?.saved && (
        <section aria-label="Done" className="space-y-4">
          <Alert tone="success">
            {entries.mailboxEmail} is connected. The password is stored encrypted and never shown again.
          </Alert>
          <h2 className="text-base font-semibold text-slate-900">
            Free/busy for the next 7 days, read live from Exchange
          </h2>
          {saved.preview ? (
            <FreeBusyWeek slots={saved.preview.slots} windowStart={saved.preview.windowStart} />
          ) : (
            <Alert tone="error">The connection was saved, but the preview failed: {saved.previewMessage}</Alert>
          )}
          <Link href="/calendars" className={buttonClasses("primary")}>
            Go to Calendars
          </Link>
        </section>
      )}
    </div>
  );
}

function BrowserVerdict({ url, serverTrusts }: { url: string; serverTrusts: boolean }) {
  const verdict = useBrowserCheck(url);
  return <BrowserCheck url={url} verdict={verdict} serverTrusts={serverTrusts} />;
}
