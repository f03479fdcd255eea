import type { IXHRProgress } from "ews-javascript-api";
import type { HttpAnswer } from "./http-exchange";

/**
 * The XMLHttpRequest-shaped object ews-javascript-api reads (status, responseText, getResponseHeader),
 * built the way @ewsjs/xhr builds it.
 */
export function toXhrResponse(input: { answer: HttpAnswer; url: string }): XMLHttpRequest {
  const { answer } = input;
  const header = (name: string) => {
    const value = answer.headers[name.toLowerCase()];
    return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
  };
  return {
    status: answer.status,
    statusText: answer.statusText,
    responseText: answer.body,
    response: answer.body,
    responseType: "",
    responseURL: input.url,
    headers: answer.headers,
    getResponseHeader: header,
    getAllResponseHeaders: () =>
      Object.entries(answer.headers)
        .map(([name, value]) => `${name}: ${Array.isArray(value) ? value.join(", ") : value}\r\n`)
        .join(""),
  } as unknown as XMLHttpRequest;
}

/** What ews-javascript-api gets when no HTTP answer arrived: status 0 and the transport's message. */
export function toXhrFailure(input: { error: Error; url: string }): XMLHttpRequest {
  return {
    status: 0,
    statusText: input.error.message,
    message: input.error.message,
    responseText: "",
    response: "",
    responseURL: input.url,
    headers: {},
    getResponseHeader: () => null,
    getAllResponseHeaders: () => "",
  } as unknown as XMLHttpRequest;
}

/** IXHRApi.xhrStream for a transport that gets its answer whole: header, one data chunk, end (or error). */
export async function streamInOneChunk(
  answer: Promise<XMLHttpRequest>,
  progress: (data: IXHRProgress) => void,
): Promise<XMLHttpRequest> {
  try {
    const response = await answer;
    progress({ type: "header", headers: (response as unknown as { headers: unknown }).headers });
    progress({ type: "data", data: response.responseText });
    progress({ type: "end" });
    return response;
  } catch (error) {
    progress({ type: "error", error });
    throw error;
  }
}
