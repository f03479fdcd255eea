import { Button } from "@/components/ui/button";
import { signIn } from "@/lib/auth/config";

/** Shown only when the Entra ID env vars are set (README: "Microsoft Entra ID sign-in"). */
export function EntraSignInButton() {
  async function signInWithEntra() {
    "use server";
    await signIn("microsoft-entra-id", { redirectTo: "/calendars" });
  }
  return (
    <form action={signInWithEntra} className="mt-3">
      <Button type="submit" variant="secondary" className="w-full">
        Sign in with Microsoft
      </Button>
    </form>
  );
}
