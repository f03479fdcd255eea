import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/session";
import { instanceNeedsSetup } from "@/lib/instance/setup";

// Asks the database whether the instance is set up: never prerendered at build time.
export const dynamic = "force-dynamic";

export default async function Home() {
  if (await instanceNeedsSetup()) redirect("/setup");
  redirect((await getCurrentUser()) ? "/calendars" : "/sign-in");
}
