/** NTLM message layouts from MS-NLMP §2.2.1; only what a server needs. */

const SIGNATURE = Buffer.from("NTLMSSP\0", "latin1");

export const NTLM_FLAGS = {
  unicode: 0x00000001,
  oem: 0x00000002,
  requestTarget: 0x00000004,
  ntlm: 0x00000200,
  alwaysSign: 0x00008000,
  targetTypeDomain: 0x00010000,
  extendedSessionSecurity: 0x00080000,
  targetInfo: 0x00800000,
  version: 0x02000000,
} as const;

export interface NegotiateMessage {
  flags: number;
}

export interface AuthenticateMessage {
  flags: number;
  ntResponse: Buffer;
  domain: string;
  user: string;
  workstation: string;
}

function messageType(buffer: Buffer): number | undefined {
  if (buffer.length < 12 || !buffer.subarray(0, 8).equals(SIGNATURE)) return undefined;
  return buffer.readUInt32LE(8);
}

export function parseNegotiateMessage(buffer: Buffer): NegotiateMessage | undefined {
  if (messageType(buffer) !== 1 || buffer.length < 16) return undefined;
  return { flags: buffer.readUInt32LE(12) };
}

/** Reads a security buffer (length, allocated, offset) at `at`; undefined when it points outside the message. */
function readField(input: { buffer: Buffer; at: number }): Buffer | undefined {
  const { buffer, at } = input;
  if (buffer.length < at + 8) return undefined;
  const length = buffer.readUInt16LE(at);
  const offset = buffer.readUInt32LE(at + 4);
  if (length === 0) return Buffer.alloc(0);
  if (offset + length > buffer.length) return undefined;
  return buffer.subarray(offset, offset + length);
}

export function parseAuthenticateMessage(buffer: Buffer): AuthenticateMessage | undefined {
  if (messageType(buffer) !== 3 || buffer.length < 64) return undefined;
  const flags = buffer.readUInt32LE(60);
  const fields = [20, 28, 36, 44].map((at) => readField({ buffer, at }));
  const [ntResponse, domain, user, workstation] = fields;
  if (!ntResponse || !domain || !user || !workstation) return undefined;
  const encoding = flags & NTLM_FLAGS.unicode ? "utf16le" : "latin1";
  return {
    flags,
    ntResponse,
    domain: domain.toString(encoding),
    user: user.toString(encoding),
    workstation: workstation.toString(encoding),
  };
}

export interface ServerIdentity {
  netbiosDomain: string;
  netbiosComputer: string;
  dnsDomain: string;
  dnsComputer: string;
}

/** AV_PAIR list (MS-NLMP §2.2.2.1) the client echoes inside its NTLMv2 blob. */
function buildTargetInfo(input: { identity: ServerIdentity; now: Date }): Buffer {
  const pair = (id: number, value: Buffer) => {
    const head = Buffer.alloc(4);
    head.writeUInt16LE(id, 0);
    head.writeUInt16LE(value.length, 2);
    return Buffer.concat([head, value]);
  };
  const text = (value: string) => Buffer.from(value, "utf16le");
  const filetime = Buffer.alloc(8);
  filetime.writeBigUInt64LE((BigInt(input.now.getTime()) + 11_644_473_600_000n) * 10_000n);
  return Buffer.concat([
    pair(2, text(input.identity.netbiosDomain)),
    pair(1, text(input.identity.netbiosComputer)),
    pair(4, text(input.identity.dnsDomain)),
    pair(3, text(input.identity.dnsComputer)),
    pair(7, filetime),
    pair(0, Buffer.alloc(0)),
  ]);
}

export function buildChallengeMessage(input: {
  challenge: Buffer;
  negotiate: NegotiateMessage;
  identity: ServerIdentity;
  now: Date;
}): Buffer {
  // Answer in the client's string encoding: @ewsjs/ntlm-client offers OEM only and reads our choice back.
  const encodingFlag = input.negotiate.flags & NTLM_FLAGS.unicode ? NTLM_FLAGS.unicode : NTLM_FLAGS.oem;
  const flags =
    encodingFlag |
    NTLM_FLAGS.requestTarget |
    NTLM_FLAGS.ntlm |
    NTLM_FLAGS.alwaysSign |
    NTLM_FLAGS.targetTypeDomain |
    NTLM_FLAGS.extendedSessionSecurity |
    NTLM_FLAGS.targetInfo;
  const targetName = Buffer.from(
    input.identity.netbiosDomain,
    encodingFlag === NTLM_FLAGS.unicode ? "utf16le" : "latin1",
  );
  const targetInfo = buildTargetInfo(input);
  const header = Buffer.alloc(48);
  SIGNATURE.copy(header, 0);
  header.writeUInt32LE(2, 8);
  header.writeUInt16LE(targetName.length, 12);
  header.writeUInt16LE(targetName.length, 14);
  header.writeUInt32LE(48, 16);
  header.writeUInt32LE(flags >>> 0, 20);
  input.challenge.copy(header, 24);
  header.writeUInt16LE(targetInfo.length, 40);
  header.writeUInt16LE(targetInfo.length, 42);
  header.writeUInt32LE(48 + targetName.length, 44);
  return Buffer.concat([header, targetName, targetInfo]);
}
