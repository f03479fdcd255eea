import type { Role } from "@/lib/db/schema";
import type { OutgoingMail } from "@/lib/mail/transport";
import { fillIn } from "@/lib/notifications/catalogue";
import { type MailContent, renderHtml, renderText } from "@/lib/notifications/render";
import { ACCOUNT_MAIL_CATALOGUES } from "./account-mail-catalogue";
import type { AccountMailLanguage } from "./mail-language";

/** "Monday, 14 December 2026 at 16:20 UTC": the reader's zone is not known, so the time says whose it is. */
export function formatExpiry({ at, language }: { at: Date; language: AccountMailLanguage }): string {
  return new Intl.DateTimeFormat(language, {
    dateStyle: "full",
    timeStyle: "short",
    timeZone: "UTC",
  }).format(at);
}

function outgoing({ to, content }: { to: { name?: string; address: string }; content: MailContent }): OutgoingMail {
  return {
    to: to.name ? { name: to.name, address: to.address } : to.address,
    subject: content.subject,
    text: renderText(content),
    html: renderHtml(content),
  };
}

/** The invite: who invited, to which organisation, as what, until when, and the link. */
export function composeInviteMail(input: {
  language: AccountMailLanguage;
  to: string;
  inviter: { name: string; email: string };
  organisationName: string;
  role: Role;
  url: string;
  expiresAt: Date;
}): OutgoingMail {
  const text = ACCOUNT_MAIL_CATALOGUES[input.language];
  const values = {
    inviter: input.inviter.name,
    organisation: input.organisationName,
    roleName: text.roles[input.role],
  };
  return outgoing({
    to: { address: input.to },
    content: {
      language: input.language,
      subject: fillIn(text.inviteSubject, values),
      greeting: text.hello,
      intro: fillIn(text.inviteIntro, values),
      details: [
        { label: text.organisation, value: input.organisationName },
        { label: text.role, value: text.roles[input.role] },
        { label: text.invitedBy, value: `${input.inviter.name} <${input.inviter.email}>` },
        { label: text.validUntil, value: formatExpiry({ at: input.expiresAt, language: input.language }) },
      ],
      action: { label: text.inviteAction, url: input.url, hint: text.inviteHint },
      closing: text.inviteClosing,
      footer: fillIn(text.footer, values),
    },
  });
}

/** The password reset link, asked for by the user or sent by an admin of their organisation. */
export function composePasswordResetMail(input: {
  language: AccountMailLanguage;
  to: { name: string; email: string };
  organisationName: string;
  url: string;
  expiresAt: Date;
  sentByAdmin?: { name: string };
}): OutgoingMail {
  const text = ACCOUNT_MAIL_CATALOGUES[input.language];
  const values = { name: input.to.name, organisation: input.organisationName, admin: input.sentByAdmin?.name ?? "" };
  return outgoing({
    to: { name: input.to.name, address: input.to.email },
    content: {
      language: input.language,
      subject: text.resetSubject,
      greeting: fillIn(text.helloName, values),
      intro: fillIn(input.sentByAdmin ? text.resetByAdminIntro : text.resetIntro, values),
      details: [
        { label: text.account, value: input.to.email },
        { label: text.organisation, value: input.organisationName },
        { label: text.validUntil, value: formatExpiry({ at: input.expiresAt, language: input.language }) },
      ],
      action: { label: text.resetAction, url: input.url, hint: text.resetHint },
      closing: text.resetClosing,
      footer: fillIn(text.footer, values),
    },
  });
}
