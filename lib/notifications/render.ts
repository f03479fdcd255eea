import { escapeHtml } from "@/lib/html/escape";

/**
 * A mail as plain strings (nothing in it is HTML), rendered twice: as text, and as simple HTML in which
 * every value is escaped, since names, notes and reasons come from customers.
 */
export interface MailContent {
  language: string;
  subject: string;
  greeting: string;
  intro: string;
  details: Array<{ label: string; value: string }>;
  action?: { label: string; url: string; hint?: string };
  closing?: string;
  footer: string;
}

export function renderText(content: MailContent): string {
  const width = Math.max(0, ...content.details.map((d) => d.label.length));
  const lines = [content.greeting, "", content.intro, ""];
  for (const { label, value } of content.details) {
    const [first = "", ...rest] = value.split("\n");
    lines.push(`${`${label}:`.padEnd(width + 2)}${first}`, ...rest.map((line) => `${" ".repeat(width + 2)}${line}`));
  }
  if (content.action) {
    lines.push("", `${content.action.label}: ${content.action.url}`);
    if (content.action.hint) lines.push(content.action.hint);
  }
  if (content.closing) lines.push("", content.closing);
  lines.push("", "-- ", content.footer);
  return `${lines.join("\n")}\n`;
}

const multiline = (value: string) => escapeHtml(value).replaceAll("\n", "<br>");

export function renderHtml(content: MailContent): string {
  const rows = content.details
    .map(
      ({ label, value }) =>
        `<tr><th scope="row" style="text-align:left;vertical-align:top;padding:4px 16px 4px 0;color:#475569;font-weight:600">${escapeHtml(label)}</th><td style="padding:4px 0">${multiline(value)}</td></tr>`,
    )
    .join("");
  const action = content.action
    ? `<p style="margin:24px 0 8px"><a href="${escapeHtml(content.action.url)}" style="display:inline-block;background:#1d4ed8;color:#ffffff;text-decoration:none;padding:10px 16px;border-radius:6px;font-weight:600">${escapeHtml(content.action.label)}</a></p>${
        content.action.hint
          ? `<p style="margin:0;color:#64748b;font-size:13px">${escapeHtml(content.action.hint)}</p>`
          : ""
      }`
    : "";
  const closing = content.closing ? `<p style="margin:24px 0 0">${escapeHtml(content.closing)}</p>` : "";
  return `<!doctype html>
<html lang="${escapeHtml(content.language)}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(content.subject)}</title></head>
<body style="margin:0;padding:24px;background:#f8fafc;font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;font-size:15px;line-height:1.5;color:#0f172a">
<div style="max-width:560px;margin:0 auto;background:#ffffff;border:1px solid #e2e8f0;border-radius:8px;padding:24px">
<p style="margin:0 0 12px">${escapeHtml(content.greeting)}</p>
<p style="margin:0 0 16px">${escapeHtml(content.intro)}</p>
<table role="presentation" style="border-collapse:collapse">${rows}</table>
${action}${closing}
</div>
<p style="max-width:560px;margin:16px auto 0;color:#94a3b8;font-size:12px">${escapeHtml(content.footer)}</p>
</body>
</html>
`;
}
