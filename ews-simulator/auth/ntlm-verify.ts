import { createHmac, timingSafeEqual } from "node:crypto";
// OpenSSL 3 dropped MD4 from its default provider, so Node's createHash("md4") fails without the legacy
// provider. js-md4 is the pure-JS MD4 that @ewsjs/ntlm-client itself uses, so both sides hash alike.
import md4 from "js-md4";
import type { AuthenticateMessage } from "./ntlm-messages";

function ntowfv2(input: { password: string; user: string; domain: string }): Buffer {
  const ntHash = Buffer.from(md4.arrayBuffer(Buffer.from(input.password, "utf16le")));
  return createHmac("md5", ntHash)
    .update(Buffer.from(input.user.toUpperCase() + input.domain, "utf16le"))
    .digest();
}

/**
 * Verifies an NTLMv2 response (MS-NLMP §3.3.2): NTProofStr = HMAC-MD5(NTOWFv2, serverChallenge ‖ blob).
 * NTLMv1 (24-byte responses) is refused, as Exchange servers at LmCompatibilityLevel 5 do.
 */
export function verifyNtlmV2Response(input: {
  message: AuthenticateMessage;
  serverChallenge: Buffer;
  password: string;
}): boolean {
  const { ntResponse, user, domain } = input.message;
  if (ntResponse.length <= 24) return false;
  const proof = ntResponse.subarray(0, 16);
  const blob = ntResponse.subarray(16);
  // RespType and HiRespType are both 1 in every NTLMv2 client challenge.
  if (blob[0] !== 1 || blob[1] !== 1) return false;
  const key = ntowfv2({ password: input.password, user, domain });
  const expected = createHmac("md5", key)
    .update(Buffer.concat([input.serverChallenge, blob]))
    .digest();
  return timingSafeEqual(proof, expected);
}
