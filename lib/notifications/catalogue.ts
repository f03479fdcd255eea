/**
 * Every sentence of the booking mails, per page language. Values in {braces} are filled in by
 * compose.ts (and escaped there for HTML); a language the catalogue lacks falls back to English.
 */
export interface MailCatalogue {
  hello: string;
  when: string;
  with: string;
  where: string;
  customer: string;
  notes: string;
  noLocation: string;
  manageAction: string;
  manageHint: string;
  calendarHint: string;
  confirmationSubject: string;
  confirmationIntro: string;
  hostNoticeSubject: string;
  hostNoticeIntro: string;
  hostNoticeAction: string;
  cancellationSubject: string;
  cancellationIntro: string;
  cancellationReason: string;
  rescheduleSubject: string;
  rescheduleIntro: string;
  reminderSubject: string;
  reminderIntro: string;
  footer: string;
}

const en: MailCatalogue = {
  hello: "Hello {name},",
  when: "When",
  with: "With",
  where: "Where",
  customer: "Customer",
  notes: "Notes",
  noLocation: "A meeting link will follow",
  manageAction: "Cancel or reschedule",
  manageHint: "This link is private: anyone who has it can change your booking.",
  calendarHint: "The attached calendar file adds the meeting to your calendar.",
  confirmationSubject: "Confirmed: {title} on {day}",
  confirmationIntro: "Your booking is confirmed.",
  hostNoticeSubject: "New booking: {title} with {customer} on {day}",
  hostNoticeIntro: "{customer} booked {title}.",
  hostNoticeAction: "Open bookings",
  cancellationSubject: "Cancelled: {title} on {day}",
  cancellationIntro: "Your booking has been cancelled.",
  cancellationReason: "Reason",
  rescheduleSubject: "Rescheduled: {title}, now on {day}",
  rescheduleIntro: "Your booking has moved to a new time.",
  reminderSubject: "Reminder: {title} {lead}",
  reminderIntro: "This is a reminder of your booking {lead}.",
  footer: "Sent by Slotbridge on behalf of {organisation}.",
};

const de: MailCatalogue = {
  hello: "Hallo {name},",
  when: "Wann",
  with: "Mit",
  where: "Wo",
  customer: "Kunde",
  notes: "Notizen",
  noLocation: "Ein Besprechungslink folgt",
  manageAction: "Absagen oder verschieben",
  manageHint: "Dieser Link ist privat: Wer ihn hat, kann Ihre Buchung ändern.",
  calendarHint: "Die angehängte Kalenderdatei trägt den Termin in Ihren Kalender ein.",
  confirmationSubject: "Bestätigt: {title} am {day}",
  confirmationIntro: "Ihre Buchung ist bestätigt.",
  hostNoticeSubject: "Neue Buchung: {title} mit {customer} am {day}",
  hostNoticeIntro: "{customer} hat {title} gebucht.",
  hostNoticeAction: "Buchungen öffnen",
  cancellationSubject: "Abgesagt: {title} am {day}",
  cancellationIntro: "Ihre Buchung wurde abgesagt.",
  cancellationReason: "Grund",
  rescheduleSubject: "Verschoben: {title}, jetzt am {day}",
  rescheduleIntro: "Ihre Buchung wurde auf einen neuen Termin verschoben.",
  reminderSubject: "Erinnerung: {title} {lead}",
  reminderIntro: "Eine Erinnerung an Ihre Buchung {lead}.",
  footer: "Gesendet von Slotbridge im Auftrag von {organisation}.",
};

const catalogues: Record<string, MailCatalogue> = { en, de };

/** The languages a page's mail can be written in, for its settings. */
export const MAIL_LANGUAGES = [
  { value: "en", label: "English" },
  { value: "de", label: "Deutsch" },
] as const;

export function mailCatalogue(language: string): { language: string; text: MailCatalogue } {
  const text = catalogues[language];
  return text ? { language, text } : { language: "en", text: en };
}

/** Fills {name} placeholders; unknown ones stay as they are. */
export function fillIn(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}
