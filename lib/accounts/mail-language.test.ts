import { describe, expect, it } from "vitest";
import { mailLanguageFromAcceptLanguage } from "./mail-language";

describe("the language of account mails", () => {
  it("is the browser's most preferred supported language, else English", () => {
    expect(mailLanguageFromAcceptLanguage("de-DE,de;q=0.9,en;q=0.8")).toBe("de");
    expect(mailLanguageFromAcceptLanguage("fr-FR,fr;q=0.9,de;q=0.5,en;q=0.4")).toBe("de");
    expect(mailLanguageFromAcceptLanguage("en;q=0.5,de;q=0.8")).toBe("de");
    expect(mailLanguageFromAcceptLanguage("de;q=0,en")).toBe("en");
    expect(mailLanguageFromAcceptLanguage("fr")).toBe("en");
    expect(mailLanguageFromAcceptLanguage("")).toBe("en");
    expect(mailLanguageFromAcceptLanguage(null)).toBe("en");
    expect(mailLanguageFromAcceptLanguage("*")).toBe("en");
  });
});
