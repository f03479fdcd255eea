import type { SimAccount } from "../contract";
import type { MailboxProfile, PermissionLevel } from "./model";

/**
 * Calendar settings of the seed people (accounts.ts holds their sign-in data). The zones
 * cover a half-hour offset (Kolkata), the southern hemisphere (Sydney, Auckland, São Paulo)
 * and zones without DST (Dubai, Tokyo, UTC); Farid works Sunday–Thursday.
 */
interface ProfileSettings {
  timeZone: string;
  workingDays: number[];
  start: string;
  end: string;
  permissions?: Record<string, PermissionLevel>;
  defaultPermission?: PermissionLevel;
}

const MON_FRI = [1, 2, 3, 4, 5];

const SETTINGS: Record<string, ProfileSettings> = {
  alice: {
    timeZone: "Europe/London",
    workingDays: MON_FRI,
    start: "09:00",
    end: "17:30",
    permissions: { "bob@contoso.test": "FreeBusyTimeAndSubjectAndLocation" },
  },
  bob: { timeZone: "America/New_York", workingDays: MON_FRI, start: "08:00", end: "16:00" },
  chloe: {
    timeZone: "Europe/Paris",
    workingDays: MON_FRI,
    start: "09:00",
    end: "18:00",
    permissions: {
      "dev@contoso.test": "FreeBusyTimeAndSubjectAndLocation",
      "alice@contoso.test": "FreeBusyTimeAndSubjectAndLocation",
    },
  },
  dev: { timeZone: "Asia/Kolkata", workingDays: MON_FRI, start: "10:00", end: "18:30" },
  emma: { timeZone: "Australia/Sydney", workingDays: MON_FRI, start: "08:30", end: "17:00" },
  farid: { timeZone: "Asia/Dubai", workingDays: [0, 1, 2, 3, 4], start: "08:00", end: "17:00" },
  grace: { timeZone: "America/Los_Angeles", workingDays: MON_FRI, start: "09:00", end: "17:00" },
  hiro: { timeZone: "Asia/Tokyo", workingDays: MON_FRI, start: "09:00", end: "18:00" },
  ines: { timeZone: "America/Sao_Paulo", workingDays: MON_FRI, start: "09:00", end: "18:00" },
  // Grants the booking app's service account details on purpose: the app must still not show them.
  jonas: {
    timeZone: "Europe/Berlin",
    workingDays: MON_FRI,
    start: "08:00",
    end: "16:30",
    permissions: { "svc-slotbridge@contoso.test": "FreeBusyTimeAndSubjectAndLocation" },
  },
  // Shares nothing: availability for Kiri answers with no data to anyone but Kiri.
  kiri: { timeZone: "Pacific/Auckland", workingDays: MON_FRI, start: "09:00", end: "17:00", defaultPermission: "None" },
  lena: { timeZone: "UTC", workingDays: MON_FRI, start: "07:00", end: "15:00" },
};

const DEFAULT_SETTINGS: ProfileSettings = { timeZone: "UTC", workingDays: MON_FRI, start: "09:00", end: "17:00" };

function parseClock(text: string): number {
  const [h, m] = text.split(":").map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

export function createMailboxProfile(account: SimAccount): MailboxProfile {
  const settings = SETTINGS[account.username] ?? DEFAULT_SETTINGS;
  return {
    email: account.email.toLowerCase(),
    displayName: account.displayName,
    timeZone: settings.timeZone,
    workingDays: settings.workingDays,
    workStartMinutes: parseClock(settings.start),
    workEndMinutes: parseClock(settings.end),
    permissions: settings.permissions ?? {},
    defaultPermission: settings.defaultPermission ?? "FreeBusyTimeOnly",
  };
}

/** The owner always has full rights; others get their grant or the organisation default. */
export function findPermission(input: { profile: MailboxProfile; requester: string }): PermissionLevel | "Owner" {
  const requester = input.requester.toLowerCase();
  if (requester === input.profile.email) return "Owner";
  return input.profile.permissions[requester] ?? input.profile.defaultPermission;
}
