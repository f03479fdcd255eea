declare module "@ewsjs/ntlm-client" {
  export interface Type2Message {
    flags: number;
    encoding: "ascii" | "ucs2";
    version: 1 | 2;
    challenge: Buffer;
    targetName: string;
    targetInfo?: { parsed: Record<string, string>; buffer: Buffer };
  }
  // A CommonJS object whose names Node's ESM loader cannot detect: import it as the default export.
  const ntlm: {
    /** Returns the full header value, "NTLM <base64>". */
    createType1Message(workstation?: string, target?: string): string;
    /** Accepts "NTLM <base64>" or the bare base64 token. */
    decodeType2Message(header: string): Type2Message;
    createType3Message(
      type2: Type2Message,
      username: string,
      password: string,
      workstation?: string,
      target?: string,
    ): string;
  };
  export default ntlm;
}
