import type { Metadata } from "next";
import { Alert } from "@/components/ui/alert";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { loadCapturedMail } from "@/lib/mail/demo-capture";

export const metadata: Metadata = { title: "Demo mail" };
export const dynamic = "force-dynamic";

/** The plain-text part with its web addresses as links (the manage link is what a demo visitor wants). */
function LinkedText({ text }: { text: string }) {
  const parts = text.split(/(https?:\/\/[^\s<>"]+)/g);
  return (
    <pre className="whitespace-pre-wrap break-words font-sans text-sm text-slate-800">
      {parts.map((part, index) =>
        /^https?:\/\//.test(part) ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: the split is fixed for one render
          <a key={index} href={part} className="text-brand-700 underline">
            {part}
          </a>
        ) : (
          part
        ),
      )}
    </pre>
  );
}

export default async function DemoMailPage() {
  const loaded = await loadCapturedMail();
  return (
    <>
      <PageHeader
        title="Demo mail"
        description="Every mail the demo sent (confirmations, host notices, cancellations, reminders), captured on this machine instead of delivered."
      />
      {!loaded.ok ? (
        <Alert tone="error">The demo's mail capture server did not answer. Restart the demo.</Alert>
      ) : loaded.messages.length === 0 ? (
        <EmptyState title="No mail yet">
          Book a time on one of the demo's booking pages: its mails appear here.
        </EmptyState>
      ) : (
        <ul className="space-y-4">
          {loaded.messages.map((mail) => (
            <li key={mail.id}>
              <Card>
                <CardHeader
                  title={mail.subject || "(no subject)"}
                  description={`To ${mail.to} · ${new Date(mail.receivedAt).toUTCString()}`}
                />
                <CardBody className="space-y-3">
                  <LinkedText text={mail.text} />
                  {mail.attachments
                    .filter((attachment) => attachment.filename)
                    .map((attachment) => (
                      <details key={attachment.filename} className="text-sm">
                        <summary className="cursor-pointer text-slate-700">
                          {attachment.filename} ({attachment.contentType})
                        </summary>
                        {attachment.encoding === "utf8" && (
                          <pre className="mt-2 overflow-x-auto rounded bg-slate-50 p-3 text-xs">
                            {attachment.content}
                          </pre>
                        )}
                      </details>
                    ))}
                </CardBody>
              </Card>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
