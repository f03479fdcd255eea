import "server-only";
import { notFound } from "next/navigation";
import { type CurrentUser, requireUser } from "@/lib/auth/session";
import { isInstanceAdmin } from "./admins";

/** For the instance pages: signed-out visitors go to sign-in, everyone but an instance administrator gets a 404. */
export async function requireInstanceAdmin(): Promise<CurrentUser> {
  const user = await requireUser();
  if (!(await isInstanceAdmin(user))) notFound();
  return user;
}
