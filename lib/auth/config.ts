import "server-only";
import { eq } from "drizzle-orm";
import NextAuth, { type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import MicrosoftEntraID from "next-auth/providers/microsoft-entra-id";
import { db } from "@/lib/db";
import { organisations, users } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { clientIp } from "./client-ip";
import { verifyPassword } from "./password";
import { RateLimitedError } from "./rate-limit";
import { credentialsSchema } from "./schemas";
import { createSessionRecord, SESSION_MAX_AGE_SECONDS } from "./sessions";
import { recordSignIn } from "./sign-in-audit";
import { EmailUnverified, InvalidCredentials, OrganisationDisabled, SignInRateLimited } from "./sign-in-errors";
import { countSignInAttempt, signInSucceeded } from "./sign-in-limits";

declare module "next-auth" {
  interface Session {
    sessionId?: string;
  }
  interface User {
    sessionId?: string;
  }
}

declare module "@auth/core/jwt" {
  interface JWT {
    sessionId?: string;
  }
}

async function authorizeWithPassword(raw: unknown, request: Request) {
  const parsed = credentialsSchema.safeParse(raw);
  if (!parsed.success) throw new InvalidCredentials();
  const { email, password } = parsed.data;

  const client = clientIp(request.headers);
  try {
    await countSignInAttempt({ email, client });
  } catch (error) {
    if (error instanceof RateLimitedError) throw new SignInRateLimited(error.retryAfterSeconds);
    throw error;
  }

  const [found] = await db()
    .select({ user: users, organisationDisabledAt: organisations.disabledAt })
    .from(users)
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .where(eq(users.email, email))
    .limit(1);
  const user = found?.user;
  if (!(await verifyPassword({ hash: user?.passwordHash, password })) || !user) {
    if (user) await recordSignIn({ user, method: "password", outcome: "wrong-password" });
    throw new InvalidCredentials();
  }

  await signInSucceeded({ email, client });
  // Said only to someone who knows the password, so it reveals nothing about which addresses exist.
  if (!user.emailVerifiedAt) throw new EmailUnverified();
  if (found.organisationDisabledAt) throw new OrganisationDisabled();
  await recordSignIn({ user, method: "password", outcome: "ok" });
  return { id: user.id, email: user.email, name: user.name, sessionId: await createSessionRecord(user.id) };
}

function entraProvider() {
  const { AUTH_MICROSOFT_ENTRA_ID_ID: clientId, AUTH_MICROSOFT_ENTRA_ID_SECRET: clientSecret } = env();
  if (!clientId || !clientSecret) return [];
  return [MicrosoftEntraID({ clientId, clientSecret, issuer: env().AUTH_MICROSOFT_ENTRA_ID_ISSUER })];
}

export const entraSignInEnabled = () => entraProvider().length > 0;

function authConfig(): NextAuthConfig {
  return {
    secret: env().AUTH_SECRET,
    // Host comes from APP_URL / the reverse proxy; next-auth must not insist on AUTH_URL.
    trustHost: true,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/sign-in", error: "/sign-in" },
    providers: [
      Credentials({
        credentials: { email: {}, password: {} },
        authorize: (credentials, request) => authorizeWithPassword(credentials, request),
      }),
      ...entraProvider(),
    ],
    callbacks: {
      // Entra ID signs in only people who already have an account (by sign-up or invite).
      async signIn({ account, user }) {
        if (account?.provider === "credentials") return true;
        const email = user.email?.toLowerCase();
        if (!email) return false;
        const [existing] = await db()
          .select({
            id: users.id,
            organisationId: users.organisationId,
            verifiedAt: users.emailVerifiedAt,
            disabledAt: organisations.disabledAt,
          })
          .from(users)
          .innerJoin(organisations, eq(organisations.id, users.organisationId))
          .where(eq(users.email, email))
          .limit(1);
        if (!existing) return "/sign-in?error=no_account";
        // Entra's email claim is not proof of the address (it can be set by the tenant): verify by mail first.
        if (!existing.verifiedAt) return "/sign-in?error=email_unverified";
        if (existing.disabledAt) return "/sign-in?error=organisation_disabled";
        await recordSignIn({ user: existing, method: "microsoft", outcome: "ok" });
        user.sessionId = await createSessionRecord(existing.id);
        return true;
      },
      jwt({ token, user }) {
        if (user?.sessionId) token.sessionId = user.sessionId;
        return token;
      },
      session({ session, token }) {
        session.sessionId = token.sessionId;
        return session;
      },
    },
    logger: {
      // Failed sign-ins are routine; log the kind, never the submitted values.
      error(error) {
        // Bundling renames classes, so match on Auth.js's own `type`, not on `name`.
        const type = (error as Error & { type?: string }).type ?? error.name;
        if (type === "CredentialsSignin") return;
        log.error({ authErrorType: type, message: error.message }, "sign-in error");
      },
      warn() {},
    },
  };
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => authConfig());
