/** The languages account mails are written in (the booking mails' catalogue languages). */
export const ACCOUNT_MAIL_LANGUAGES = ["en", "de"] as const;
export type AccountMailLanguage = (typeof ACCOUNT_MAIL_LANGUAGES)[number];

/**
 * The mail language from a request's Accept-Language: the first supported language by the browser's
 * preference (q-values), else English. Users have no language setting and an organisation has none
 * either; booking mails follow their page's language, which account mails do not have.
 */
export function mailLanguageFromAcceptLanguage(header: string | null | undefined): AccountMailLanguage {
  const ranked = (header ?? "")
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      const weight = q ? Number(q.slice(2)) : 1;
      return {
        language: tag.trim().toLowerCase().split("-")[0] ?? "",
        weight: Number.isFinite(weight) ? weight : 0,
        index,
      };
    })
    .filter((entry) => entry.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  for (const { language } of ranked) {
    if ((ACCOUNT_MAIL_LANGUAGES as readonly string[]).includes(language)) return language as AccountMailLanguage;
  }
  return "en";
}
