import type { CurrentUser } from "@/lib/auth/session";
import { createSessionRecord, findActiveSession } from "@/lib/auth/sessions";
import type { Role } from "@/lib/db/schema";
import { acceptInvite, createInvite } from "./invites";
import { createOrganisationWithOwner } from "./sign-up";

let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;

/** Signs in as a user the way the app does: a session row, read back with its organisation. */
export async function actorFor(userId: string): Promise<CurrentUser> {
  const actor = await findActiveSession(await createSessionRecord(userId));
  if (!actor) throw new Error("no session for user");
  return actor;
}

export async function newOrganisation(): Promise<CurrentUser> {
  const { userId } = await createOrganisationWithOwner({
    organisationName: `Org ${unique()}`,
    name: "Owner",
    email: `owner-${unique()}@example.com`,
    password: "correct horse battery",
  });
  return actorFor(userId);
}

export async function addMember(owner: CurrentUser, role: Role, email?: string): Promise<CurrentUser> {
  const token = await createInvite({ actor: owner, email: email ?? `${role}-${unique()}@example.com`, role });
  const user = await acceptInvite({ token, name: `A ${role}`, password: "correct horse battery" });
  return actorFor(user.id);
}
