// lib/crypto's public face for code outside the app (the on-premises connector): versioned keys and
// AES-256-GCM sealing. The app's env-backed key ring is lib/crypto/keys-from-env.ts.
export { CredentialKeyRing, KEY_BYTES, parseCredentialKeys } from "./key-ring";
export { decryptSecret, encryptSecret, VaultError } from "./vault";
