import type { Socket } from "node:net";

/**
 * NTLM authenticates a connection, not a request: the challenge lives on the socket that asked for it, and
 * once the handshake succeeds later requests on that socket need no Authorization header (as with IIS).
 */
export interface NtlmConnectionState {
  pendingChallenge?: Buffer;
  signedIn?: { email: string; credentialVersion: number };
}

const states = new WeakMap<Socket, NtlmConnectionState>();

export function getNtlmConnectionState(socket: Socket): NtlmConnectionState {
  let state = states.get(socket);
  if (!state) {
    state = {};
    states.set(socket, state);
  }
  return state;
}
