import { describe, expect, it } from "vitest";
import { accountMailLanguage, composeVerificationMail } from "./verification-mail";

describe("accountMailLanguage", () => {
  it("picks German when the browser ranks it above English, else English", () => {
    expect(accountMailLanguage("de-DE,de;q=0.9,en;q=0.8")).toBe("de");
    expect(accountMailLanguage("en-GB,en;q=0.9,de;q=0.8")).toBe("en");
    expect(accountMailLanguage("fr-FR,fr;q=0.9,de;q=0.5")).toBe("de");
    expect(accountMailLanguage("en;q=0.4,de;q=0.6")).toBe("de");
    expect(accountMailLanguage("de;q=0")).toBe("en");
    expect(accountMailLanguage(undefined)).toBe("en");
    expect(accountMailLanguage("*")).toBe("en");
  });
});

describe("composeVerificationMail", () => {
  const input = {
    to: { name: "Eve <script>", email: "eve@example.com" },
    organisationName: "Tom & Jerry's",
    verifyUrl: "https://slotbridge.example.com/verify-email/abc_DEF-123",
    appUrl: "https://slotbridge.example.com",
  };

  it("has plain text and HTML parts with the link, and escapes every value in the HTML", () => {
    const mail = composeVerificationMail({ ...input, language: "en" });
    expect(mail.subject).toBe("Verify your address for Slotbridge");
    expect(mail.text).toContain("Hello Eve <script>,");
    expect(mail.text).toContain(`Verify my address: ${input.verifyUrl}`);
    expect(mail.html).toContain(`href="${input.verifyUrl}"`);
    expect(mail.html).toContain("Eve &lt;script&gt;");
    expect(mail.html).toContain("Tom &amp; Jerry&#39;s");
    expect(mail.html).not.toContain("<script>");
  });

  it("speaks German when asked", () => {
    const mail = composeVerificationMail({ ...input, language: "de" });
    expect(mail.subject).toBe("Bestätigen Sie Ihre Adresse für Slotbridge");
    expect(mail.text).toContain("Hallo Eve <script>,");
    expect(mail.text).toContain(`Adresse bestätigen: ${input.verifyUrl}`);
    expect(mail.html).toContain('<html lang="de">');
  });
});
