import { Alert } from "@/components/ui/alert";
import type { CertificateDetails } from "@/lib/tls/report";
import type { CertificateReportView } from "./wizard-types";

function name(details: CertificateDetails["subject"]) {
  return [details.commonName, details.organization].filter(Boolean).join(", ") || "(no name)";
}

function day(iso: string) {
  return new Date(iso).toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid gap-1 py-1.5 sm:grid-cols-[10rem_1fr]">
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className="min-w-0 break-words text-sm text-slate-800">{children}</dd>
    </div>
  );
}

function Details({ certificate, chain }: { certificate: CertificateDetails; chain: CertificateDetails[] }) {
  return (
    <dl className="divide-y divide-slate-100">
      <Row label="Subject">{name(certificate.subject)}</Row>
      <Row label="Names (SANs)">{certificate.subjectAltNames.join(", ") || "none"}</Row>
      <Row label="Issuer chain">
        <ol className="space-y-0.5">
          {chain.map((link, index) => (
            <li key={link.fingerprintSha256}>
              {index === 0 ? "Server: " : index === chain.length - 1 ? "Root: " : "Issued by: "}
              {name(link.subject)}
            </li>
          ))}
        </ol>
      </Row>
      <Row label="Valid">
        {day(certificate.validFrom)} to {day(certificate.validTo)} (
        {certificate.daysLeft >= 0 ? `${certificate.daysLeft} days left` : `expired ${-certificate.daysLeft} days ago`})
      </Row>
      <Row label="Key">
        {certificate.key.type}
        {certificate.key.bits ? ` ${certificate.key.bits} bits` : ""}
        {certificate.key.curve ? ` (${certificate.key.curve})` : ""}
      </Row>
      <Row label="SHA-256 fingerprint">
        <code className="font-mono text-xs" data-testid="certificate-fingerprint">
          {certificate.fingerprintSha256}
        </code>
      </Row>
    </dl>
  );
}

/** The padlock summary of an accepted certificate, or the one reason it was refused and what to change. */
export function CertificateSummary({ report }: { report: CertificateReportView }) {
  if (report.ok) {
    return (
      <div className="space-y-3" data-testid="certificate-accepted">
        <Alert tone="success">
          <svg viewBox="0 0 20 20" aria-hidden="true" className="mr-1 inline-block h-4 w-4 align-[-2px]">
            <path
              fill="currentColor"
              d="M10 2a4 4 0 0 0-4 4v2H5a1 1 0 0 0-1 1v8a1 1 0 0 0 1 1h10a1 1 0 0 0 1-1V9a1 1 0 0 0-1-1h-1V6a4 4 0 0 0-4-4Zm-2 6V6a2 2 0 1 1 4 0v2H8Z"
            />
          </svg>
          Slotbridge trusts {report.host}:{report.port} ({report.tlsVersion}).
        </Alert>
        {report.warnings.map((warning) => (
          <Alert key={warning.kind}>
            {warning.message} {warning.hint}
          </Alert>
        ))}
        <Details certificate={report.certificate} chain={report.chain} />
      </div>
    );
  }
  return (
    <div className="space-y-3" data-testid="certificate-refused" data-reason={report.reason}>
      <Alert tone="error">
        <p className="font-medium">Slotbridge refuses this server: {report.message}</p>
        <p className="mt-1">{report.hint}</p>
        {report.nodeCode && <p className="mt-1 text-xs">Error code for support: {report.nodeCode}</p>}
      </Alert>
      {report.certificate && (
        <div>
          <p className="mb-1 text-sm font-medium text-slate-700">What the server presented</p>
          <Details certificate={report.certificate} chain={report.chain} />
        </div>
      )}
    </div>
  );
}
