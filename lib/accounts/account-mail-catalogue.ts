import type { Role } from "@/lib/db/schema";
import type { AccountMailLanguage } from "./mail-language";

/**
 * Every sentence of the account mails (invites, password resets), per language. Values in {braces} are
 * filled in by account-mail.ts and escaped there for HTML, as in the booking mails' catalogue.
 */
export interface AccountMailCatalogue {
  hello: string;
  helloName: string;
  organisation: string;
  role: string;
  invitedBy: string;
  account: string;
  validUntil: string;
  roles: Record<Role, string>;
  inviteSubject: string;
  inviteIntro: string;
  inviteAction: string;
  inviteHint: string;
  inviteClosing: string;
  resetSubject: string;
  resetIntro: string;
  resetByAdminIntro: string;
  resetAction: string;
  resetHint: string;
  resetClosing: string;
  footer: string;
}

const en: AccountMailCatalogue = {
  hello: "Hello,",
  helloName: "Hello {name},",
  organisation: "Organisation",
  role: "Role",
  invitedBy: "Invited by",
  account: "Account",
  validUntil: "Link valid until",
  roles: { member: "Member", admin: "Admin", owner: "Owner" },
  inviteSubject: "{inviter} invited you to {organisation} on Slotbridge",
  inviteIntro: "{inviter} invited you to join {organisation} on Slotbridge as {roleName}.",
  inviteAction: "Accept the invite",
  inviteHint: "The link works once. Anyone who has it can join in your place, so do not pass it on.",
  inviteClosing: "If you did not expect this invite, ignore this mail: nothing happens without you.",
  resetSubject: "Set a new Slotbridge password",
  resetIntro: "Someone, probably you, asked to reset the password of your Slotbridge account.",
  resetByAdminIntro: "{admin}, an admin of {organisation}, sent you a link to set a new Slotbridge password.",
  resetAction: "Set a new password",
  resetHint: "The link works once, for 60 minutes. Setting a new password signs you out everywhere.",
  resetClosing: "If you did not ask for this, ignore this mail: your password stays as it is.",
  footer: "Sent by Slotbridge for {organisation}.",
};

const de: AccountMailCatalogue = {
  hello: "Hallo,",
  helloName: "Hallo {name},",
  organisation: "Organisation",
  role: "Rolle",
  invitedBy: "Eingeladen von",
  account: "Konto",
  validUntil: "Link gültig bis",
  roles: { member: "Mitglied", admin: "Admin", owner: "Inhaber" },
  inviteSubject: "{inviter} hat Sie zu {organisation} bei Slotbridge eingeladen",
  inviteIntro: "{inviter} hat Sie eingeladen, {organisation} bei Slotbridge beizutreten, als {roleName}.",
  inviteAction: "Einladung annehmen",
  inviteHint: "Der Link funktioniert einmal. Wer ihn hat, kann an Ihrer Stelle beitreten: Geben Sie ihn nicht weiter.",
  inviteClosing: "Wenn Sie diese Einladung nicht erwartet haben, ignorieren Sie diese Mail: Ohne Sie geschieht nichts.",
  resetSubject: "Neues Slotbridge-Passwort festlegen",
  resetIntro: "Jemand, vermutlich Sie, hat das Zurücksetzen des Passworts Ihres Slotbridge-Kontos angefordert.",
  resetByAdminIntro:
    "{admin}, Admin von {organisation}, hat Ihnen einen Link geschickt, um ein neues Slotbridge-Passwort festzulegen.",
  resetAction: "Neues Passwort festlegen",
  resetHint: "Der Link funktioniert einmal, 60 Minuten lang. Ein neues Passwort meldet Sie überall ab.",
  resetClosing: "Wenn Sie das nicht angefordert haben, ignorieren Sie diese Mail: Ihr Passwort bleibt, wie es ist.",
  footer: "Gesendet von Slotbridge für {organisation}.",
};

export const ACCOUNT_MAIL_CATALOGUES: Record<AccountMailLanguage, AccountMailCatalogue> = { en, de };
