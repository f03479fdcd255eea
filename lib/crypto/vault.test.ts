import { randomBytes } from "node:crypto";
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { CredentialKeyRing } from "./key-ring";
import { decryptSecret, encryptSecret, needsRotation, sealedKeyVersion, VaultError } from "./vault";

const key1 = randomBytes(32);
const key2 = randomBytes(32);
const ring1 = new CredentialKeyRing([{ version: 1, key: key1 }]);
const ring12 = new CredentialKeyRing([
  { version: 1, key: key1 },
  { version: 2, key: key2 },
]);
const context = "0192f6c4-7f1e-7c3a-9b1d-3f5e2a1c4b6d";
const password = "Simulator-Pass-1 ünïcødé ☃";

function vaultErrorOf(run: () => unknown): VaultError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(VaultError);
    return error as VaultError;
  }
  throw new Error("expected a VaultError");
}

/** Every way the password could sit in a stored string in the clear or merely encoded. */
function encodingsOf(secret: string): string[] {
  const utf8 = Buffer.from(secret, "utf8");
  const utf16 = Buffer.from(secret, "utf16le");
  return [
    secret,
    secret.toLowerCase(),
    utf8.toString("base64"),
    utf8.toString("base64").replace(/=+$/, ""),
    utf8.toString("base64url"),
    utf8.toString("hex"),
    utf8.toString("hex").toUpperCase(),
    utf16.toString("base64"),
    utf16.toString("base64url"),
    utf16.toString("hex"),
    encodeURIComponent(secret),
  ];
}

describe("encryptSecret / decryptSecret", () => {
  it("round-trips, including non-ASCII and empty secrets", () => {
    for (const plaintext of [password, "", "x".repeat(1000)]) {
      const sealed = encryptSecret({ plaintext, context, keys: ring1 });
      expect(decryptSecret({ sealed, context, keys: ring1 })).toBe(plaintext);
    }
  });

  it("seals as v<version>.<nonce>.<ciphertext>.<tag> with the newest key", () => {
    const sealed = encryptSecret({ plaintext: password, context, keys: ring12 });
    expect(sealed).toMatch(/^v2\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/);
    expect(sealedKeyVersion(sealed)).toBe(2);
  });

  it("uses a fresh nonce each time: the same secret never seals the same way twice", () => {
    const sealed = Array.from({ length: 50 }, () => encryptSecret({ plaintext: password, context, keys: ring1 }));
    expect(new Set(sealed).size).toBe(50);
    expect(new Set(sealed.map((s) => s.split(".")[1])).size).toBe(50);
    for (const s of sealed) expect(decryptSecret({ sealed: s, context, keys: ring1 })).toBe(password);
  });

  it("stores the password in no encoding", () => {
    for (const plaintext of [password, "Simulator-Pass-1", "hunter2hunter2"]) {
      for (let i = 0; i < 20; i++) {
        const sealed = encryptSecret({ plaintext, context, keys: ring12 });
        const stored = [sealed, sealed.toLowerCase()];
        for (const encoding of encodingsOf(plaintext)) {
          for (const s of stored) expect(s.includes(encoding)).toBe(false);
        }
      }
    }
  });

  it("fails closed when any single byte of the sealed value is flipped, at every position", () => {
    const sealed = encryptSecret({ plaintext: password, context, keys: ring12 });
    const bytes = Buffer.from(sealed, "utf8");
    let attempts = 0;
    for (let position = 0; position < bytes.length; position++) {
      for (let bit = 0; bit < 8; bit++) {
        const tampered = Buffer.from(bytes);
        tampered[position] = (tampered[position] as number) ^ (1 << bit);
        const error = vaultErrorOf(() => decryptSecret({ sealed: tampered.toString("utf8"), context, keys: ring12 }));
        expect(["malformed", "unknown_key_version", "decryption_failed"]).toContain(error.code);
        attempts++;
      }
    }
    expect(attempts).toBe(bytes.length * 8);
  });

  it("fails closed when any bit of the nonce, ciphertext or tag changes (re-encoded canonically)", () => {
    const sealed = encryptSecret({ plaintext: password, context, keys: ring1 });
    const parts = sealed.split(".");
    for (const index of [1, 2, 3]) {
      const raw = Buffer.from(parts[index] as string, "base64url");
      for (let position = 0; position < raw.length; position++) {
        for (let bit = 0; bit < 8; bit++) {
          const changed = Buffer.from(raw);
          changed[position] = (changed[position] as number) ^ (1 << bit);
          const copy = [...parts];
          copy[index] = changed.toString("base64url");
          const error = vaultErrorOf(() => decryptSecret({ sealed: copy.join("."), context, keys: ring1 }));
          expect(error.code).toBe("decryption_failed");
        }
      }
    }
  });

  it("fails closed on every truncation and on appended or non-canonical input", () => {
    const sealed = encryptSecret({ plaintext: password, context, keys: ring1 });
    for (let length = 0; length < sealed.length; length++) {
      vaultErrorOf(() => decryptSecret({ sealed: sealed.slice(0, length), context, keys: ring1 }));
    }
    for (const variant of [`${sealed}A`, `${sealed}.`, ` ${sealed}`, `${sealed}\n`, sealed.replace(/^v1/, "v01")]) {
      vaultErrorOf(() => decryptSecret({ sealed: variant, context, keys: ring1 }));
    }
    // A 4-byte tag is one Node would accept without authTagLength.
    const [version, nonce, ciphertext, tag] = sealed.split(".");
    const shortTag = Buffer.from(tag as string, "base64url")
      .subarray(0, 4)
      .toString("base64url");
    expect(
      vaultErrorOf(() =>
        decryptSecret({ sealed: [version, nonce, ciphertext, shortTag].join("."), context, keys: ring1 }),
      ).code,
    ).toBe("malformed");
  });

  it("fails for another context: a value copied to another row does not open", () => {
    const sealed = encryptSecret({ plaintext: password, context, keys: ring1 });
    for (const other of ["0192f6c4-7f1e-7c3a-9b1d-3f5e2a1c4b6e", context.toUpperCase(), `${context} `]) {
      expect(vaultErrorOf(() => decryptSecret({ sealed, context: other, keys: ring1 })).code).toBe("decryption_failed");
    }
    expect(vaultErrorOf(() => decryptSecret({ sealed, context: "", keys: ring1 })).code).toBe("invalid_input");
    expect(vaultErrorOf(() => encryptSecret({ plaintext: password, context: "", keys: ring1 })).code).toBe(
      "invalid_input",
    );
  });

  it("binds the key version: relabelling a value with another version does not open it", () => {
    const sealed = encryptSecret({ plaintext: password, context, keys: ring1 });
    // Version 2 names the very key that sealed it: only the authenticated version tells them apart.
    const relabelled = new CredentialKeyRing([
      { version: 1, key: key2 },
      { version: 2, key: key1 },
    ]);
    expect(
      vaultErrorOf(() => decryptSecret({ sealed: sealed.replace(/^v1\./, "v2."), context, keys: relabelled })).code,
    ).toBe("decryption_failed");
  });

  it("names an unknown key version clearly, without key material", () => {
    const sealed = encryptSecret({ plaintext: password, context, keys: ring12 });
    const error = vaultErrorOf(() => decryptSecret({ sealed, context, keys: ring1 }));
    expect(error.code).toBe("unknown_key_version");
    expect(error.keyVersion).toBe(2);
    expect(error.message).toBe(
      "Sealed with credentials key version 2, which CREDENTIALS_KEY does not hold (it holds: 1). " +
        "Put that key back, or enter the password again.",
    );
  });

  it("fails with the wrong key of the right version", () => {
    const sealed = encryptSecret({ plaintext: password, context, keys: ring1 });
    const impostor = new CredentialKeyRing([{ version: 1, key: key2 }]);
    expect(vaultErrorOf(() => decryptSecret({ sealed, context, keys: impostor })).code).toBe("decryption_failed");
  });

  it("keeps secrets, keys and sealed values out of its errors", () => {
    const sealed = encryptSecret({ plaintext: password, context, keys: ring1 });
    const errors = [
      vaultErrorOf(() => decryptSecret({ sealed, context: "elsewhere", keys: ring1 })),
      vaultErrorOf(() => decryptSecret({ sealed: `${sealed}x`, context, keys: ring1 })),
      vaultErrorOf(() =>
        decryptSecret({ sealed: encryptSecret({ plaintext: password, context, keys: ring12 }), context, keys: ring1 }),
      ),
    ];
    for (const error of errors) {
      const printed = `${inspect(error, { depth: 5 })} ${JSON.stringify(error)} ${error.stack}`;
      for (const forbidden of [
        password,
        sealed,
        key1.toString("base64"),
        key1.toString("hex"),
        key2.toString("base64"),
      ]) {
        expect(printed).not.toContain(forbidden);
      }
      expect(error.cause).toBeUndefined();
    }
  });

  it("refuses a secret that is not well-formed text instead of altering it", () => {
    expect(vaultErrorOf(() => encryptSecret({ plaintext: "pass\ud800word", context, keys: ring1 })).code).toBe(
      "invalid_input",
    );
  });
});

describe("needsRotation", () => {
  it("is true for values sealed with an older key, false for the newest", () => {
    const old = encryptSecret({ plaintext: password, context, keys: ring1 });
    const current = encryptSecret({ plaintext: password, context, keys: ring12 });
    expect(needsRotation({ sealed: old, keys: ring12 })).toBe(true);
    expect(needsRotation({ sealed: current, keys: ring12 })).toBe(false);
    expect(needsRotation({ sealed: old, keys: ring1 })).toBe(false);
    expect(vaultErrorOf(() => needsRotation({ sealed: "not sealed", keys: ring12 })).code).toBe("malformed");
  });
});
