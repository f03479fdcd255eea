import { CredentialsSignin } from "next-auth";

/** One message for unknown address and wrong password alike: it must not reveal which. */
export class InvalidCredentials extends CredentialsSignin {
  code = "invalid_credentials";
}

/** The code carries the wait in seconds so the form can say how long. */
export class SignInRateLimited extends CredentialsSignin {
  constructor(retryAfterSeconds: number) {
    super();
    this.code = `rate_limited:${retryAfterSeconds}`;
  }
}

/** The password was right, but the address has not been verified yet (self sign-up). */
export class EmailUnverified extends CredentialsSignin {
  code = "email_unverified";
}

/** The password was right, but an instance administrator disabled the user's organisation. */
export class OrganisationDisabled extends CredentialsSignin {
  code = "organisation_disabled";
}
