import type { ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import type { EwsResponse } from "../contract";
import type { FaultAction } from "../faults";
import { sendIisError } from "./iis-pages";

export function soapHeaders(answer: { contentType: string; length: number }) {
  return {
    "Content-Type": answer.contentType,
    "Content-Length": answer.length,
    "Cache-Control": "private",
    Server: "Microsoft-IIS/10.0",
    "X-AspNet-Version": "4.0.30319",
    "X-Powered-By": "ASP.NET",
  };
}

/**
 * Writes the core's answer, bent by a fault when one applies. Returns the status the client was sent
 * (0 when it got none). "server-busy" and "http-error" never reach here: they replace the answer earlier.
 */
export async function sendWithFault(input: {
  response: ServerResponse;
  answer: EwsResponse;
  action?: FaultAction;
  heldResponses: Set<ServerResponse>;
}): Promise<number> {
  const { response, answer, action } = input;
  const body = Buffer.from(answer.body, "utf8");
  switch (action?.kind) {
    case "hang":
      input.heldResponses.add(response);
      response.on("close", () => input.heldResponses.delete(response));
      return 0;
    case "reset": {
      response.writeHead(answer.status, soapHeaders({ contentType: answer.contentType, length: body.length }));
      response.write(body.subarray(0, Math.min(action.afterBytes, Math.max(0, body.length - 1))));
      // Let the partial body leave before the socket goes, so the client sees a cut stream, not a refused one.
      await sleep(20);
      response.socket?.destroy();
      return answer.status;
    }
    case "malformed-xml": {
      const cut = body.subarray(0, Math.floor(body.length * 0.6));
      response.writeHead(200, soapHeaders({ contentType: answer.contentType, length: cut.length }));
      response.end(cut);
      return 200;
    }
    case "trickle": {
      response.writeHead(answer.status, soapHeaders({ contentType: answer.contentType, length: body.length }));
      for (let at = 0; at < body.length; at += action.chunkBytes) {
        if (response.destroyed) return answer.status;
        response.write(body.subarray(at, at + action.chunkBytes));
        await sleep(action.delayMs);
      }
      response.end();
      return answer.status;
    }
    case "http-error":
      sendIisError({ response, status: action.status });
      return action.status;
    default:
      response.writeHead(answer.status, soapHeaders({ contentType: answer.contentType, length: body.length }));
      response.end(body);
      return answer.status;
  }
}
