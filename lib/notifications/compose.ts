import "server-only";
import { bookingIcs, type IcsMethod } from "@/lib/bookings/manage";
import type { OutgoingMail } from "@/lib/mail/transport";
import { fillIn, type MailCatalogue, mailCatalogue } from "./catalogue";
import { formatLeadTime, formatMeetingDay, formatMeetingTime } from "./format";
import type { BookingMailData, MailHost } from "./mail-data";
import { type MailContent, renderHtml, renderText } from "./render";

export type ComposedMailKind = "confirmation" | "host-notice" | "cancellation" | "reschedule" | "reminder";

interface ComposeInput {
  kind: ComposedMailKind;
  data: BookingMailData;
  appUrl: string;
  /** The customer's manage link, when the sender still knows the token (confirmation, reschedule). */
  manageUrl?: string | null;
  /** Reminders: how long before the start this one was planned. */
  minutesBefore?: number;
  /** The ORGANIZER of the calendar file when the organising host has left the organisation. */
  fallbackOrganiser: { name: string; email: string };
}

function calendarFile(input: ComposeInput, method: IcsMethod) {
  const { booking, page, organiser } = input.data;
  const content = bookingIcs(
    {
      id: booking.id,
      title: booking.pageTitle,
      start: booking.startsAt,
      end: booking.endsAt,
      location: page?.location ?? null,
      organiser: organiser ? { name: organiser.name, email: organiser.email } : input.fallbackOrganiser,
      customer: { name: booking.customerName, email: booking.customerEmail },
      status: method === "CANCEL" ? "cancelled" : "confirmed",
    },
    { method, sequence: booking.icsSequence },
  );
  // nodemailer adds it as a text/calendar part with the method parameter (what Outlook and Gmail act on)
  // and as the attachment invite.ics.
  return { method, filename: "invite.ics", content };
}

function hostNames(data: BookingMailData): string {
  return [data.organiser, ...data.coHosts]
    .filter((host): host is MailHost => host !== null)
    .map((host) => host.name)
    .join(", ");
}

function customerMail(input: ComposeInput, text: MailCatalogue, language: string): OutgoingMail {
  const { booking, page } = input.data;
  const values = {
    name: booking.customerName,
    title: booking.pageTitle,
    organisation: input.data.organisationName,
    day: formatMeetingDay({ start: booking.startsAt, timeZone: booking.customerTimeZone, locale: language }),
    lead: formatLeadTime({ minutes: input.minutesBefore ?? 0, locale: language }),
  };
  const subjects = {
    confirmation: [text.confirmationSubject, text.confirmationIntro],
    cancellation: [text.cancellationSubject, text.cancellationIntro],
    reschedule: [text.rescheduleSubject, text.rescheduleIntro],
    reminder: [text.reminderSubject, text.reminderIntro],
  } as const;
  const [subject, intro] = subjects[input.kind as keyof typeof subjects];
  const details = [
    {
      label: text.when,
      value: formatMeetingTime({
        start: booking.startsAt,
        end: booking.endsAt,
        timeZone: booking.customerTimeZone,
        locale: language,
      }),
    },
  ];
  const hosts = hostNames(input.data);
  if (hosts) details.push({ label: text.with, value: hosts });
  details.push({ label: text.where, value: page?.location ?? text.noLocation });
  if (input.kind === "cancellation" && booking.cancelReason) {
    details.push({ label: text.cancellationReason, value: booking.cancelReason });
  }
  const offersManageLink = (input.kind === "confirmation" || input.kind === "reschedule") && input.manageUrl;
  const content: MailContent = {
    language,
    subject: fillIn(subject, values),
    greeting: fillIn(text.hello, values),
    intro: fillIn(intro, values),
    details,
    ...(offersManageLink
      ? { action: { label: text.manageAction, url: input.manageUrl ?? "", hint: text.manageHint } }
      : {}),
    ...(input.kind === "confirmation" || input.kind === "reschedule" ? { closing: text.calendarHint } : {}),
    footer: fillIn(text.footer, values),
  };
  const method: IcsMethod | null =
    input.kind === "cancellation" ? "CANCEL" : input.kind === "reminder" ? null : "REQUEST";
  return {
    to: { name: booking.customerName, address: booking.customerEmail },
    subject: content.subject,
    text: renderText(content),
    html: renderHtml(content),
    ...(method ? { icalEvent: calendarFile(input, method) } : {}),
  };
}

function hostNotice(input: ComposeInput & { host: MailHost }, text: MailCatalogue, language: string): OutgoingMail {
  const { booking, page } = input.data;
  const values = {
    name: input.host.name,
    title: booking.pageTitle,
    customer: booking.customerName,
    organisation: input.data.organisationName,
    day: formatMeetingDay({ start: booking.startsAt, timeZone: input.host.timeZone, locale: language }),
  };
  const details = [
    {
      label: text.when,
      value: formatMeetingTime({
        start: booking.startsAt,
        end: booking.endsAt,
        timeZone: input.host.timeZone,
        locale: language,
      }),
    },
    { label: text.customer, value: `${booking.customerName} <${booking.customerEmail}>` },
    { label: text.where, value: page?.location ?? text.noLocation },
  ];
  if (booking.notes) details.push({ label: text.notes, value: booking.notes });
  const content: MailContent = {
    language,
    subject: fillIn(text.hostNoticeSubject, values),
    greeting: fillIn(text.hello, values),
    intro: fillIn(text.hostNoticeIntro, values),
    details,
    action: { label: text.hostNoticeAction, url: `${input.appUrl.replace(/\/$/, "")}/bookings` },
    footer: fillIn(text.footer, values),
  };
  return {
    to: { name: input.host.name, address: input.host.email },
    subject: content.subject,
    text: renderText(content),
    html: renderHtml(content),
  };
}

/**
 * The messages one job sends. Host notices go to the organising host (the item is in their own calendar,
 * so Exchange tells them nothing) and to the other hosts only when Exchange did not invite them (the page
 * sends no invitations). Every other kind goes to the customer alone.
 */
export function composeBookingMail(input: ComposeInput): OutgoingMail[] {
  const { language, text } = mailCatalogue(input.data.page?.language ?? "en");
  if (input.kind !== "host-notice") return [customerMail(input, text, language)];
  const invitedByExchange = input.data.page?.sendInvitations ?? true;
  const hosts = [input.data.organiser, ...(invitedByExchange ? [] : input.data.coHosts)].filter(
    (host): host is MailHost => host !== null,
  );
  return hosts.map((host) => hostNotice({ ...input, host }, text, language));
}
