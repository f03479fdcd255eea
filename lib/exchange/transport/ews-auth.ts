/** How a transport signs in to Exchange: the account's name, domain and password, for Basic or NTLM. */
export type EwsAuth =
  | { kind: "basic"; username: string; domain?: string; password: string }
  | { kind: "ntlm"; username: string; domain?: string; password: string; workstation?: string };
