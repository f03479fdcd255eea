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
