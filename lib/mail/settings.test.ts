import { describe, expect, it } from "vitest";
import { envFields } from "@/lib/env/schema";
import { describeSmtpServer, mailSettings } from "./settings";

describe("mail settings", () => {
  it("are off without SMTP_URL and default the sender to no-reply at APP_URL's host", () => {
    expect(mailSettings({ SMTP_URL: undefined, MAIL_FROM: undefined, APP_URL: "https://book.example.com" })).toBeNull();
    expect(
      mailSettings({ SMTP_URL: "smtp://127.0.0.1:2525", MAIL_FROM: undefined, APP_URL: "https://book.example.com" }),
    ).toEqual({ smtpUrl: "smtp://127.0.0.1:2525", from: "Slotbridge <no-reply@book.example.com>" });
  });

  it("name the server in logs without the user or password", () => {
    const described = describeSmtpServer("smtps://bookings%40example.com:s3cret-pass@mail.example.com:465");
    expect(described).toBe("smtps://mail.example.com:465");
    expect(described).not.toMatch(/s3cret|bookings/);
  });

  it("validate SMTP_URL and MAIL_FROM with messages that do not repeat the value", () => {
    const shape = envFields.pick({ SMTP_URL: true, MAIL_FROM: true });
    expect(shape.safeParse({ SMTP_URL: "", MAIL_FROM: "" }).success).toBe(true);
    expect(
      shape.safeParse({ SMTP_URL: "smtps://u:p@mail.example.com:465", MAIL_FROM: "A <a@b.example>" }).success,
    ).toBe(true);
    const bad = shape.safeParse({ SMTP_URL: "http://u:topsecret@mail.example.com", MAIL_FROM: "not an address" });
    expect(bad.success).toBe(false);
    const messages = bad.error?.issues.map((issue) => `${String(issue.path[0])} ${issue.message}`) ?? [];
    expect(messages).toEqual([
      "SMTP_URL must be an smtp:// or smtps:// URL such as smtp://mail.example.com:587",
      'MAIL_FROM must be an address, or a name and an address: "Slotbridge <bookings@example.com>"',
    ]);
    expect(messages.join(" ")).not.toContain("topsecret");
  });
});
