import { existsSync, readFileSync } from "node:fs";
import { z } from "zod";
import { isValidDomain, splitList } from "@/lib/accounts/email-domain";
import { parseCredentialKeys } from "@/lib/crypto/key-ring";
import { allowedHostsSchema } from "@/lib/net/allowed-hosts";
import { parseTrustedProxies } from "@/lib/net/client-address";

/** How to make each secret; printed when one is missing or malformed. */
export const SECRET_RECIPES = {
  AUTH_SECRET: "openssl rand -base64 33",
  CREDENTIALS_KEY: "openssl rand -base64 32",
} as const;

/** One base64 key (version 1), or `2:<key>,1:<key>`; parsed into a ring that never prints its keys. */
const credentialKeys = z.string().transform((value, ctx) => {
  const parsed = parseCredentialKeys(value);
  if (parsed.ok) return parsed.ring;
  // Zod leaves the raw value out of issues unless asked (reportInput); the message never quotes it.
  ctx.addIssue({ code: "custom", message: parsed.problem });
  return z.NEVER;
});

const booleanFlag = z
  .enum(["true", "false", "1", "0", ""])
  .optional()
  .transform((value) => value === "true" || value === "1");

/** A readable PEM bundle holding at least one certificate. */
const pemBundleFile = z
  .string()
  .min(1)
  .refine((file) => existsSync(file), { message: "names a file that does not exist", abort: true })
  .refine((file) => readFileSync(file, "utf8").includes("-----BEGIN CERTIFICATE-----"), {
    message: "must be a PEM file with at least one CERTIFICATE block",
  });

/** A comma-separated list of email domains (example.com), lower-cased; each must be a DNS name. */
const domainList = z
  .string()
  .optional()
  .transform((value, ctx) => {
    const domains = splitList(value).map((entry) => entry.replace(/^@/, ""));
    const bad = domains.find((domain) => !isValidDomain(domain));
    if (bad === undefined) return domains;
    ctx.addIssue({ code: "custom", message: `has "${bad.slice(0, 80)}", which is not a domain such as example.com` });
    return z.NEVER;
  });

/** A comma-separated list of email addresses, lower-cased. */
const emailList = z
  .string()
  .optional()
  .transform((value, ctx) => {
    const addresses = splitList(value);
    const bad = addresses.find((address) => !z.email().safeParse(address).success);
    if (bad === undefined) return addresses;
    ctx.addIssue({ code: "custom", message: `has "${bad.slice(0, 80)}", which is not an email address` });
    return z.NEVER;
  });

export const SIGNUP_MODES = ["closed", "domains", "open"] as const;
export type SignUpMode = (typeof SIGNUP_MODES)[number];

/** The variables one by one; envSchema adds the checks that span several. */
export const envFields = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  PGLITE_DATA_DIR: z.string().min(1).default(".data/pglite"),
  AUTH_SECRET: z.string().min(32, "must be at least 32 characters of random data"),
  APP_URL: z.url({ protocol: /^https?$/, message: "must be an http(s) URL such as https://slotbridge.example.com" }),
  CREDENTIALS_KEY: credentialKeys,
  /** Set only by `npm run demo`: enables the seeded demo organisation and its sign-ins. */
  SLOTBRIDGE_DEMO: booleanFlag,
  /**
   * Extra root CA(s) trusted for Exchange connections only, added to the standard roots
   * (the demo points it at the EWS simulator's test CA). Nothing else trusts them.
   */
  EXCHANGE_CA_FILE: z.preprocess((value) => (value === "" ? undefined : value), pemBundleFile.optional()),
  /**
   * Exchange hosts the app may reach although they resolve to loopback or private addresses
   * (names, *.domain, IPs, CIDRs; comma-separated). Everything else must be a public address.
   */
  EXCHANGE_ALLOWED_HOSTS: allowedHostsSchema,
  /**
   * The reverse proxies in front of the app, whose X-Forwarded-For entries count: a number of hops, or
   * addresses and CIDR ranges. Unset: none, and the socket's peer is the client (server.ts applies it).
   */
  TRUSTED_PROXIES: z
    .string()
    .optional()
    .superRefine((value, ctx) => {
      const parsed = parseTrustedProxies(value);
      if (!parsed.ok) ctx.addIssue({ code: "custom", message: parsed.problem });
    }),
  /** How often the background check re-tests each connection (certificate, password, reachability). */
  CONNECTION_CHECK_INTERVAL_MINUTES: z.coerce
    .number()
    .int("must be a whole number of minutes")
    .min(1, "must be at least 1")
    .max(1440, "must be at most 1440 (one day)")
    .default(60),
  /** How often each connection's future bookings are compared with their Exchange items (moved, deleted). */
  /** How often the app pings a connector's real-time channel; a connector silent for twice this is offline. */
  CONNECTOR_HEARTBEAT_SECONDS: z.coerce
    .number()
    .int("must be a whole number of seconds")
    .min(1, "must be at least 1")
    .max(120, "must be at most 120")
    .default(15),
  /** How often a connector in auto-sync mode (no real-time channel) asks for work. */
  CONNECTOR_POLL_SECONDS: z.coerce
    .number()
    .int("must be a whole number of seconds")
    .min(1, "must be at least 1")
    .max(300, "must be at most 300")
    .default(5),
  RECONCILE_INTERVAL_MINUTES: z.coerce
    .number()
    .int("must be a whole number of minutes")
    .min(1, "must be at least 1")
    .max(1440, "must be at most 1440 (one day)")
    .default(10),
  /**
   * Where mail goes: smtp://host:port (STARTTLS when offered) or smtps://user:pass@host:465.
   * Unset = no mail at all (confirmations, notices and reminders are not queued).
   */
  SMTP_URL: z.preprocess(
    (value) => (value === "" ? undefined : value),
    z
      .url({
        protocol: /^smtps?$/,
        message: "must be an smtp:// or smtps:// URL such as smtp://mail.example.com:587",
      })
      .optional(),
  ),
  /** The sender of every mail, e.g. "Slotbridge <bookings@example.com>"; needs SMTP_URL. */
  MAIL_FROM: z.preprocess(
    (value) => (value === "" ? undefined : value),
    z
      .string()
      .regex(/^(?:[^<>]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/, {
        message: 'must be an address, or a name and an address: "Slotbridge <bookings@example.com>"',
      })
      .optional(),
  ),
  /** Set only by `npm run demo`: the mail capture server's HTTP listing, shown at /demo/mail. */
  DEMO_MAIL_CAPTURE_URL: z.preprocess(
    (value) => (value === "" ? undefined : value),
    z.url({ protocol: /^http$/, message: "must be the capture server's http:// address" }).optional(),
  ),
  AUTH_MICROSOFT_ENTRA_ID_ID: z.string().optional(),
  AUTH_MICROSOFT_ENTRA_ID_SECRET: z.string().optional(),
  AUTH_MICROSOFT_ENTRA_ID_ISSUER: z.url().optional(),
  /**
   * Who may make an account without an invite: closed (nobody; invites only), domains (people whose address
   * is in SIGNUP_DOMAINS and in a domain an organisation owns join it as members), open (anyone creates an
   * organisation). Self-made accounts must verify their address by mail before they sign in.
   */
  SIGNUP: z.preprocess(
    (value) => (value === "" ? undefined : value),
    z.enum(SIGNUP_MODES, { message: 'must be "closed", "domains" or "open"' }).default("closed"),
  ),
  /** SIGNUP=domains: the email domains whose people may sign themselves up (comma-separated). */
  SIGNUP_DOMAINS: domainList,
  /** Addresses that administer the instance (the organisations page), besides the first-run owner. */
  INSTANCE_ADMIN_EMAILS: emailList,
});

export const envSchema = envFields.superRefine((value, ctx) => {
  if (value.SIGNUP === "domains" && value.SIGNUP_DOMAINS.length === 0) {
    ctx.addIssue({
      code: "custom",
      path: ["SIGNUP"],
      message: "is domains, which needs SIGNUP_DOMAINS: the email domains that may sign up (example.com,example.org)",
    });
  }
  if (value.SIGNUP !== "closed" && !value.SMTP_URL) {
    ctx.addIssue({
      code: "custom",
      path: ["SIGNUP"],
      message: `is ${value.SIGNUP}, which needs SMTP_URL: people who sign themselves up verify their address by mail`,
    });
  }
});

export type Env = z.infer<typeof envSchema>;
