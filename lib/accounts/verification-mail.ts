import type { OutgoingMail } from "@/lib/mail/transport";
import { fillIn } from "@/lib/notifications/catalogue";
import { type MailContent, renderHtml, renderText } from "@/lib/notifications/render";

interface VerificationText {
  subject: string;
  hello: string;
  intro: string;
  action: string;
  hint: string;
  closing: string;
  footer: string;
}

/** The verification mail's sentences per language; {placeholders} are filled in below (and escaped for HTML). */
const TEXT: Record<"en" | "de", VerificationText> = {
  en: {
    subject: "Verify your address for Slotbridge",
    hello: "Hello {name},",
    intro:
      "An account for {organisation} on Slotbridge was made with this address. Open the link to verify that the address is yours; until then the account cannot sign in.",
    action: "Verify my address",
    hint: "The link works once, for 24 hours. It does not sign you in.",
    closing: "If you did not sign up, ignore this mail: nobody can sign in to the account without verifying.",
    footer: "Sent by Slotbridge at {host}.",
  },
  de: {
    subject: "Bestätigen Sie Ihre Adresse für Slotbridge",
    hello: "Hallo {name},",
    intro:
      "Mit dieser Adresse wurde ein Konto für {organisation} bei Slotbridge angelegt. Öffnen Sie den Link, um zu bestätigen, dass die Adresse Ihnen gehört; bis dahin kann sich niemand mit dem Konto anmelden.",
    action: "Adresse bestätigen",
    hint: "Der Link funktioniert einmal, 24 Stunden lang. Er meldet Sie nicht an.",
    closing:
      "Wenn Sie sich nicht registriert haben, ignorieren Sie diese Mail: Ohne Bestätigung kann sich niemand mit dem Konto anmelden.",
    footer: "Gesendet von Slotbridge unter {host}.",
  },
};

export type AccountMailLanguage = keyof typeof TEXT;

/** The reader's language from an Accept-Language header: German when it comes before English, else English. */
export function accountMailLanguage(acceptLanguage: string | null | undefined): AccountMailLanguage {
  const ranked = (acceptLanguage ?? "")
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().toLowerCase().split(";");
      const q = Number(params.find((p) => p.trim().startsWith("q="))?.split("=")[1] ?? 1);
      return { primary: tag.split("-")[0] ?? "", q: Number.isFinite(q) ? q : 0, index };
    })
    .filter((entry) => entry.q > 0 && (entry.primary === "de" || entry.primary === "en"))
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return ranked[0]?.primary === "de" ? "de" : "en";
}

/** The verification mail to one person, plain text and HTML. Every value is escaped in the HTML part. */
export function composeVerificationMail(input: {
  to: { name: string; email: string };
  organisationName: string;
  verifyUrl: string;
  appUrl: string;
  language: AccountMailLanguage;
}): OutgoingMail {
  const text = TEXT[input.language];
  const values = { name: input.to.name, organisation: input.organisationName, host: new URL(input.appUrl).host };
  const content: MailContent = {
    language: input.language,
    subject: fillIn(text.subject, values),
    greeting: fillIn(text.hello, values),
    intro: fillIn(text.intro, values),
    details: [],
    action: { label: text.action, url: input.verifyUrl, hint: text.hint },
    closing: text.closing,
    footer: fillIn(text.footer, values),
  };
  return {
    to: { name: input.to.name, address: input.to.email },
    subject: content.subject,
    text: renderText(content),
    html: renderHtml(content),
  };
}
