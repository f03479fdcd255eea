import "server-only";
import { X509Certificate } from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import type { CurrentUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { isUniqueViolation } from "@/lib/db/errors";
import { organisationCertificateAuthorities } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { type ExchangeOutboundConfig, readCaFile } from "@/lib/exchange";
import { writeAuditEntry } from "./audit";

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;
const MAX_PEM_CHARS = 20_000;

/** Trusting a CA widens what this organisation's connections accept, so it is an owner's decision. */
function assertOwner(actor: CurrentUser) {
  if (actor.role !== "owner") throw new AppError("forbidden", "Only an owner can manage certificate authorities.");
}

/** Parses exactly one CA certificate; every refusal says what to upload instead. */
export function parseCaCertificate(pem: string): X509Certificate {
  const blocks = pem.length > MAX_PEM_CHARS ? [] : (pem.match(PEM_BLOCK) ?? []);
  if (blocks.length === 0) {
    throw new AppError("invalid_input", "That is not a PEM certificate (expected -----BEGIN CERTIFICATE-----).");
  }
  if (blocks.length > 1) {
    throw new AppError("invalid_input", "Upload one certificate: the root certificate of your certificate authority.");
  }
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(blocks[0] as string);
  } catch {
    throw new AppError("invalid_input", "The certificate could not be read; export it again as PEM (Base-64).");
  }
  if (!certificate.ca) {
    throw new AppError(
      "invalid_input",
      "This is a server (leaf) certificate, not a certificate authority. Upload the root certificate of the CA that issued it.",
    );
  }
  if (new Date(certificate.validTo).getTime() < Date.now()) {
    throw new AppError("invalid_input", `This certificate authority expired on ${certificate.validTo}.`);
  }
  return certificate;
}

export async function addOrganisationCa({ actor, pem }: { actor: CurrentUser; pem: string }) {
  assertOwner(actor);
  const certificate = parseCaCertificate(pem);
  // The subject as one line ("CN=Contoso Root CA, O=Contoso"): node:crypto separates parts with newlines.
  const subject = certificate.subject.split("\n").join(", ");
  try {
    return await db().transaction(async (tx) => {
      const [row] = await tx
        .insert(organisationCertificateAuthorities)
        .values({
          organisationId: actor.organisationId,
          // Re-encoded from the parsed certificate, so nothing else from the uploaded file is kept.
          pem: certificate.toString(),
          subject,
          fingerprintSha256: certificate.fingerprint256,
          addedById: actor.userId,
        })
        .returning({ id: organisationCertificateAuthorities.id });
      if (!row) throw new Error("certificate authority insert returned no row");
      await writeAuditEntry({
        tx,
        organisationId: actor.organisationId,
        connectionId: null,
        mailboxEmail: null,
        actorUserId: actor.userId,
        action: "certificate-authority.added",
        outcome: subject,
      });
      return { id: row.id, subject, fingerprintSha256: certificate.fingerprint256 };
    });
  } catch (error) {
    if (isUniqueViolation(error, "organisation_certificate_authorities_fingerprint_key")) {
      throw new AppError("conflict", "This certificate authority is already trusted.");
    }
    throw error;
  }
}

export async function removeOrganisationCa({ actor, caId }: { actor: CurrentUser; caId: string }) {
  assertOwner(actor);
  await db().transaction(async (tx) => {
    const [removed] = await tx
      .delete(organisationCertificateAuthorities)
      .where(
        and(
          eq(organisationCertificateAuthorities.id, caId),
          eq(organisationCertificateAuthorities.organisationId, actor.organisationId),
        ),
      )
      .returning({ subject: organisationCertificateAuthorities.subject });
    if (!removed) throw new AppError("not_found", "That certificate authority does not exist.");
    await writeAuditEntry({
      tx,
      organisationId: actor.organisationId,
      connectionId: null,
      mailboxEmail: null,
      actorUserId: actor.userId,
      action: "certificate-authority.removed",
      outcome: removed.subject,
    });
  });
}

export async function listOrganisationCas({ actor }: { actor: CurrentUser }) {
  return db()
    .select({
      id: organisationCertificateAuthorities.id,
      subject: organisationCertificateAuthorities.subject,
      fingerprintSha256: organisationCertificateAuthorities.fingerprintSha256,
      createdAt: organisationCertificateAuthorities.createdAt,
    })
    .from(organisationCertificateAuthorities)
    .where(eq(organisationCertificateAuthorities.organisationId, actor.organisationId))
    .orderBy(asc(organisationCertificateAuthorities.createdAt));
}

/**
 * The extra roots for one organisation's Exchange connections: EXCHANGE_CA_FILE plus the CAs its owners
 * uploaded, added to Node's public roots by the callers. Undefined when there are none.
 */
export async function loadTrustBundle({
  organisationId,
  config,
}: {
  organisationId: string;
  config: ExchangeOutboundConfig;
}): Promise<string | undefined> {
  const rows = await db()
    .select({ pem: organisationCertificateAuthorities.pem })
    .from(organisationCertificateAuthorities)
    .where(eq(organisationCertificateAuthorities.organisationId, organisationId))
    // The order loadBookablePage reads them in: the same bundle, so the same pooled connections.
    .orderBy(asc(organisationCertificateAuthorities.createdAt), asc(organisationCertificateAuthorities.id));
  return trustBundleOf({ config, organisationPems: rows.map((row) => row.pem) });
}

/** loadTrustBundle for an organisation whose uploaded CAs were already read (oldest first). */
export function trustBundleOf({
  config,
  organisationPems,
}: {
  config: ExchangeOutboundConfig;
  organisationPems: readonly string[];
}): string | undefined {
  const parts = [readCaFile(config), ...organisationPems].filter((pem): pem is string => Boolean(pem));
  return parts.length > 0 ? parts.map((pem) => pem.trim()).join("\n") : undefined;
}
