import { AutodiscoverRequest, UpdateItemResponse } from "ews-javascript-api";

/**
 * Places where ews-javascript-api 0.15.3 reads a part of an answer that Microsoft's schema makes optional as
 * if every server sent it, and fails on a real server that leaves it out. Each guard lets the library read
 * the part when it is there and does what its absence means otherwise. Installed once, when the first module
 * that builds a service loads (create-ews-service.ts, connector-transport.ts, autodiscover.ts import this).
 * The tests that need them: autodiscover.test.ts ("documented form") and calendar-item-answers.test.ts.
 */

type Patchable<K extends string> = { prototype: Record<K, (...args: unknown[]) => unknown> };

const GUARDED = Symbol.for("slotbridge.exchange.library-guards");
const registry = globalThis as typeof globalThis & { [GUARDED]?: true };

function installGuards(): void {
  if (registry[GUARDED]) return;
  registry[GUARDED] = true;

  // SOAP autodiscover: the ServerVersionInfo header is optional (Microsoft's own GetUserSettings example and
  // older servers leave it out); the library parses it unconditionally and the whole answer is lost as
  // "unreadable". Without it the server's version stays unknown, which autodiscover does not need.
  const request = AutodiscoverRequest as unknown as Patchable<"ReadSoapHeader">;
  const readSoapHeader = request.prototype.ReadSoapHeader;
  request.prototype.ReadSoapHeader = function (this: unknown, header: unknown) {
    const info = (header as Record<string, unknown> | undefined)?.ServerVersionInfo;
    if (info && typeof info === "object") return readSoapHeader.call(this, header);
    return undefined;
  };

  // UpdateItem: ConflictResults is optional in UpdateItemResponseMessage; the library reads its Count
  // unconditionally and throws after Exchange has already applied the update. Absent: no conflicts reported.
  const update = UpdateItemResponse as unknown as Patchable<"ReadElementsFromXmlJsObject">;
  const readUpdate = update.prototype.ReadElementsFromXmlJsObject;
  update.prototype.ReadElementsFromXmlJsObject = function (this: unknown, response: unknown, service: unknown) {
    const message = response as Record<string, unknown>;
    const withConflicts = message?.ConflictResults ? message : { ...message, ConflictResults: { Count: "0" } };
    return readUpdate.call(this, withConflicts, service);
  };
}

installGuards();
