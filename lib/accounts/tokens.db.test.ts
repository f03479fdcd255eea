import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { accountTokens } from "@/lib/db/schema";
import { createTestDatabase } from "@/lib/db/testing";
import { newOrganisation } from "@/lib/organisations/test-helpers";
import { consumeAccountToken, deleteSpentAccountTokens, isAccountTokenUsable, issueAccountToken } from "./tokens";

let database: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

describe("account tokens", () => {
  it("work once, for their purpose, and are stored only hashed", async () => {
    const user = await newOrganisation();
    const token = await issueAccountToken({ userId: user.userId, purpose: "password-reset" });
    const rows = await db().select().from(accountTokens).where(eq(accountTokens.userId, user.userId));
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(await consumeAccountToken({ token, purpose: "email-verification" })).toBeUndefined();
    expect(await isAccountTokenUsable({ token, purpose: "password-reset" })).toBe(true);
    expect(await consumeAccountToken({ token, purpose: "password-reset" })).toEqual({ userId: user.userId });
    expect(await consumeAccountToken({ token, purpose: "password-reset" })).toBeUndefined();
    expect(await isAccountTokenUsable({ token, purpose: "password-reset" })).toBe(false);
  });

  it("expire after their lifetime (60 minutes for a password reset)", async () => {
    const user = await newOrganisation();
    const issuedAt = new Date("2030-01-01T10:00:00Z");
    const token = await issueAccountToken({ userId: user.userId, purpose: "password-reset", now: issuedAt });
    const justAfter = new Date("2030-01-01T11:00:01Z");
    expect(await consumeAccountToken({ token, purpose: "password-reset", now: justAfter })).toBeUndefined();
    expect(
      await consumeAccountToken({ token, purpose: "password-reset", now: new Date("2030-01-01T10:59:00Z") }),
    ).toEqual({ userId: user.userId });
  });

  it("a newer token replaces an older one; two concurrent uses give one success", async () => {
    const user = await newOrganisation();
    const older = await issueAccountToken({ userId: user.userId, purpose: "password-reset" });
    const newer = await issueAccountToken({ userId: user.userId, purpose: "password-reset" });
    expect(await isAccountTokenUsable({ token: older, purpose: "password-reset" })).toBe(false);
    const uses = await Promise.all(
      Array.from({ length: 5 }, () => consumeAccountToken({ token: newer, purpose: "password-reset" })),
    );
    expect(uses.filter(Boolean)).toHaveLength(1);
  });

  it("the clean-up deletes used and expired tokens and keeps live ones", async () => {
    const user = await newOrganisation();
    const live = await issueAccountToken({ userId: user.userId, purpose: "email-verification" });
    const used = await issueAccountToken({ userId: user.userId, purpose: "password-reset" });
    await consumeAccountToken({ token: used, purpose: "password-reset" });
    expect(await deleteSpentAccountTokens()).toBeGreaterThanOrEqual(1);
    expect(await isAccountTokenUsable({ token: live, purpose: "email-verification" })).toBe(true);
    const left = await db().select().from(accountTokens).where(eq(accountTokens.userId, user.userId));
    expect(left.map((row) => row.purpose)).toEqual(["email-verification"]);
  });
});
