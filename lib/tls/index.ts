// lib/tls's public face: checking a server's certificate chain as strict TLS sees it, and the report.
export { type CheckCertificateInput, checkCertificate } from "./check-certificate";
export { nameTlsError } from "./openssl-names";
export type {
  CertificateAccepted,
  CertificateDetails,
  CertificateFailureReason,
  CertificateRefused,
  CertificateReport,
} from "./report";
