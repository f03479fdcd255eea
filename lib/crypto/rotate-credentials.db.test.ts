import { randomBytes } from "node:crypto";
import { asc, eq, sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { exchangeConnections, organisations, users } from "@/lib/db/schema";
import { createTestDatabase } from "@/lib/db/testing";
import { CredentialKeyRing } from "./key-ring";
import { CredentialRotationError, rotateCredentials } from "./rotate-credentials";
import { decryptSecret, encryptSecret, sealedKeyVersion, VaultError } from "./vault";

const key1 = randomBytes(32);
const key2 = randomBytes(32);
const ring1 = new CredentialKeyRing([{ version: 1, key: key1 }]);
const ring12 = new CredentialKeyRing([
  { version: 1, key: key1 },
  { version: 2, key: key2 },
]);
const ring2 = new CredentialKeyRing([{ version: 2, key: key2 }]);

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let organisationIds: string[] = [];
let userId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  const orgs = await db()
    .insert(organisations)
    .values([{ name: "Rotation A" }, { name: "Rotation B" }])
    .returning({ id: organisations.id });
  organisationIds = orgs.map((o) => o.id);
  const [user] = await db()
    .insert(users)
    .values({ organisationId: organisationIds[0] as string, email: "rotator@example.com", name: "Rotator" })
    .returning({ id: users.id });
  userId = user?.id as string;
});
afterAll(() => database.drop());
beforeEach(async () => {
  await db().delete(exchangeConnections);
});

const passwordFor = (n: number) => `Exchange-Pass-${n}-${"é".repeat(n % 3)}`;

/** A connection as the wizard will store it: sealed with its own id as the context. */
async function insertConnection({ n, keys }: { n: number; keys: CredentialKeyRing }): Promise<string> {
  const id = uuidv7();
  const secret = encryptSecret({ plaintext: passwordFor(n), context: id, keys });
  await db()
    .insert(exchangeConnections)
    .values({
      id,
      organisationId: organisationIds[n % 2] as string,
      mailboxEmail: `mailbox${n}@contoso.test`,
      ewsUrl: "https://mail.contoso.test/EWS/Exchange.asmx",
      authUsername: `CONTOSO\\user${n}`,
      authMethod: "ntlm",
      secret,
      keyVersion: sealedKeyVersion(secret),
      createdById: userId,
      // In the past, so an accidental touch by rotation would show.
      createdAt: new Date("2025-01-01T00:00:00Z"),
      updatedAt: new Date("2025-01-01T00:00:00Z"),
    });
  return id;
}

/** Every row of these tests is a direct connection, so each has a sealed secret. */
const allRows = async () =>
  (await db().select().from(exchangeConnections).orderBy(asc(exchangeConnections.id))).map((row) => ({
    ...row,
    secret: row.secret as string,
  }));

function passwordsOf({ rows, keys }: { rows: { id: string; secret: string }[]; keys: CredentialKeyRing }) {
  return rows.map((row) => decryptSecret({ sealed: row.secret, context: row.id, keys }));
}

describe("rotateCredentials", () => {
  it("re-encrypts every older row to the newest key; every connection then opens with the new key alone", async () => {
    for (let n = 0; n < 6; n++) await insertConnection({ n, keys: ring1 });
    await insertConnection({ n: 6, keys: ring12 });
    const before = await allRows();
    const expected = passwordsOf({ rows: before, keys: ring12 });

    const transactions = vi.spyOn(db(), "transaction");
    try {
      expect(await rotateCredentials({ keys: ring12 })).toEqual({ checked: 7, reencrypted: 6, keyVersion: 2 });
      expect(transactions).toHaveBeenCalledTimes(1);
    } finally {
      transactions.mockRestore();
    }

    const after = await allRows();
    expect(after.map((r) => r.keyVersion)).toEqual(Array(7).fill(2));
    for (const [i, row] of after.entries()) {
      expect(row.secret.startsWith("v2.")).toBe(true);
      expect(row.updatedAt.toISOString()).toBe("2025-01-01T00:00:00.000Z");
      // The row already on version 2 was checked, not rewritten.
      if (i < 6) expect(row.secret).not.toBe(before[i]?.secret);
      else expect(row.secret).toBe(before[i]?.secret);
    }
    expect(passwordsOf({ rows: after, keys: ring12 })).toEqual(expected);
    expect(passwordsOf({ rows: after, keys: ring2 })).toEqual(expected);
    expect(() => passwordsOf({ rows: after, keys: ring1 })).toThrow(VaultError);

    // Nothing left to do on a second run.
    expect(await rotateCredentials({ keys: ring12 })).toEqual({ checked: 7, reencrypted: 0, keyVersion: 2 });
  });

  it("is all or nothing: a failure on the last row leaves every row as it was", async () => {
    for (let n = 0; n < 4; n++) await insertConnection({ n, keys: ring1 });
    const before = await allRows();
    const lastId = before.at(-1)?.id as string;
    expect(lastId).toMatch(/^[0-9a-f-]{36}$/);
    // The database refuses the last update, after the earlier rows were already rewritten.
    await db().execute(
      sql.raw(
        `alter table exchange_connections add constraint rotation_test_refuse_last check (id <> '${lastId}' or key_version = 1)`,
      ),
    );
    try {
      await expect(rotateCredentials({ keys: ring12 })).rejects.toThrow();
    } finally {
      await db().execute(sql.raw("alter table exchange_connections drop constraint rotation_test_refuse_last"));
    }
    expect(await allRows()).toEqual(before);
  });

  it("stops before changing anything when a stored value does not open, naming the rows by id only", async () => {
    const good = await insertConnection({ n: 1, keys: ring1 });
    const foreign = await insertConnection({
      n: 2,
      keys: new CredentialKeyRing([{ version: 1, key: randomBytes(32) }]),
    });
    // A sealed value copied from another row does not open there either.
    const copied = await insertConnection({ n: 3, keys: ring1 });
    const [source] = await db().select().from(exchangeConnections).where(eq(exchangeConnections.id, good));
    await db().update(exchangeConnections).set({ secret: source?.secret }).where(eq(exchangeConnections.id, copied));
    const before = await allRows();

    const error = await rotateCredentials({ keys: ring12 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CredentialRotationError);
    expect((error as CredentialRotationError).connectionIds.sort()).toEqual([foreign, copied].sort());
    expect((error as Error).message).not.toContain(source?.secret as string);
    expect(await allRows()).toEqual(before);
  });

  it("leaves no password in the stored rows, in any encoding", async () => {
    for (let n = 0; n < 3; n++) await insertConnection({ n, keys: ring1 });
    await rotateCredentials({ keys: ring12 });
    const dump = await db().execute<{ row: string }>(
      sql`select row_to_json(t)::text as row from exchange_connections t`,
    );
    const text = JSON.stringify(dump).toLowerCase();
    for (let n = 0; n < 3; n++) {
      const password = passwordFor(n);
      const utf8 = Buffer.from(password, "utf8");
      const utf16 = Buffer.from(password, "utf16le");
      for (const form of [
        password,
        utf8.toString("base64"),
        utf8.toString("base64url"),
        utf8.toString("hex"),
        utf16.toString("base64"),
        utf16.toString("hex"),
      ]) {
        expect(text).not.toContain(form.toLowerCase());
      }
    }
  });

  it("keeps key_version in step with the sealed value (a database check)", async () => {
    const id = await insertConnection({ n: 1, keys: ring1 });
    await expect(
      db().update(exchangeConnections).set({ keyVersion: 2 }).where(eq(exchangeConnections.id, id)),
    ).rejects.toThrow();
  });
});
