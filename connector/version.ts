/** Sent as X-Connector-Version and in pair/hello; the app may answer 426 when it is too old. */
export const CONNECTOR_VERSION = "0.1.0";
