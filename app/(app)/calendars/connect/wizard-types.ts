import type { AddressRefusedReport } from "@/lib/calendars/server-certificate";
import type { CertificateReport } from "@/lib/tls/report";

// Types only (erased at build), so client components can name what the server actions return.
export type CertificateReportView = CertificateReport | AddressRefusedReport;
