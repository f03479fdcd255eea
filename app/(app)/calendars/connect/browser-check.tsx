"use client";

import { useEffect, useState } from "react";

export type BrowserVerdict = "checking" | "trusted" | "untrusted";

/**
 * The browser's second opinion: a no-cors fetch cannot read the answer, but it only resolves when the TLS
 * handshake succeeded, i.e. when this browser trusts the certificate (a 401 from Exchange still resolves).
 */
export function useBrowserCheck(url: string): BrowserVerdict {
  const [verdict, setVerdict] = useState<BrowserVerdict>("checking");
  useEffect(() => {
    let current = true;
    setVerdict("checking");
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 10_000);
    fetch(url, { mode: "no-cors", cache: "no-store", credentials: "omit", signal: controller.signal })
      .then(() => current && setVerdict("trusted"))
      .catch(() => current && setVerdict("untrusted"))
      .finally(() => clearTimeout(timer));
    return () => {
      current = false;
      controller.abort();
    };
  }, [url]);
  return verdict;
}

export function BrowserCheck({
  url,
  verdict,
  serverTrusts,
}: {
  url: string;
  verdict: BrowserVerdict;
  serverTrusts: boolean;
}) {
  const disagree = verdict !== "checking" && (verdict === "trusted") !== serverTrusts;
  return (
    <div className="space-y-2 rounded-md border border-slate-200 px-4 py-3 text-sm" data-testid="browser-check">
      <p className="font-medium text-slate-800">Your browser's opinion</p>
      <p data-verdict={verdict}>
        {verdict === "checking"
          ? "Checking from your browser…"
          : verdict === "trusted"
            ? "Your browser trusts this server."
            : "Your browser could not reach or does not trust this server."}{" "}
        <a href={url} target="_blank" rel="noopener noreferrer" className="font-medium text-brand-600 hover:underline">
          Open it in a new tab
        </a>{" "}
        and look for the padlock in the address bar.
      </p>
      {disagree && (
        <p className="rounded bg-amber-50 px-2 py-1 text-amber-900" data-testid="checks-disagree">
          {serverTrusts
            ? "The two checks disagree: Slotbridge trusts this certificate, your browser does not. The server may be reachable only from the Slotbridge host, or signed by a CA that Slotbridge was configured to trust but your computer does not. Slotbridge's check is the one that counts for the connection."
            : "The two checks disagree: your browser trusts this server, Slotbridge does not. Your computer may trust a private CA that Slotbridge does not have (an owner can add it under Settings), or your browser filled in a missing intermediate certificate itself. Slotbridge will not connect until its own check passes."}
        </p>
      )}
    </div>
  );
}
