import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/session";
import { instanceNeedsSetup } from "@/lib/instance/setup";

export default async function Home() {
  if (await instanceNeedsSetup()) redirect("/setup");
  redirect((await getCurrentUser()) ? "/calendars" : "/sign-in");
}
