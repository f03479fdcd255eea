import type { Element } from "@xmldom/xmldom";
import {
  ACCEPTED_REQUEST_VERSIONS,
  type EwsCallContext,
  type EwsCore,
  type EwsCoreOptions,
  type EwsRequestSummary,
  type EwsResponse,
  type SimAccount,
} from "./contract";
import { describeCalendarEvent } from "./data/calendar-view";
import type { CalendarEvent } from "./data/model";
import { createMailboxStore } from "./data/store";
import { readItemShape } from "./operations/calendar-item";
import type { OperationContext, OperationHandler } from "./operations/context";
import { convertId } from "./operations/convert-id";
import { createItem } from "./operations/create-item";
import { deleteItem } from "./operations/delete-item";
import { findFolder } from "./operations/find-folder";
import { findItem } from "./operations/find-item";
import { getFolder } from "./operations/get-folder";
import { getItem } from "./operations/get-item";
import { getServerTimeZones } from "./operations/get-server-time-zones";
import { getUserAvailability } from "./operations/get-user-availability";
import { resolveNames } from "./operations/resolve-names";
import { updateItem } from "./operations/update-item";
import { findChild, readChildText } from "./soap/dom";
import { EwsFault, EwsItemError } from "./soap/errors";
import { NS } from "./soap/namespaces";
import { listNamedMailboxes, type ParsedRequest, parseEnvelope } from "./soap/parse";
import { renderFault } from "./soap/render";
import { checkRequestSchema, prepareRequestSchema, requestSchemaReady } from "./soap/request-schema";
import { createIanaZone, type RequestZone, resolveZoneId, UTC_ZONE } from "./timezone/zones";

/** Without a RequestServerVersion header Exchange answers as the oldest version it speaks. */
const DEFAULT_SERVER_VERSION = "Exchange2007_SP1";

const HANDLERS: Record<string, OperationHandler> = {
  GetUserAvailability: getUserAvailability,
  FindItem: findItem,
  GetItem: getItem,
  CreateItem: createItem,
  UpdateItem: updateItem,
  DeleteItem: deleteItem,
  GetFolder: getFolder,
  FindFolder: findFolder,
  ResolveNames: resolveNames,
  GetServerTimeZones: getServerTimeZones,
  ConvertId: convertId,
};

/** The core plus read access to its state, for tests and the control API. */
export interface EwsSimulatorCore extends EwsCore {
  /** A mailbox's stored events (series unexpanded). */
  listMailboxEvents(email: string): CalendarEvent[];
  /** Every canary string in the current seed. */
  listCanaries(): string[];
}

function checkServerVersion(request: Pick<ParsedRequest, "requestedServerVersion">): void {
  const version = request.requestedServerVersion ?? DEFAULT_SERVER_VERSION;
  if (!(ACCEPTED_REQUEST_VERSIONS as readonly string[]).includes(version)) {
    throw new EwsFault("ErrorInvalidServerVersion");
  }
}

/** The Version of the envelope's RequestServerVersion header, undefined when the request cannot be read or has none. */
function readRequestedVersion(xml: string): string | undefined {
  try {
    return parseEnvelope(xml).requestedServerVersion;
  } catch {
    return undefined;
  }
}

function resolveRequestZone(request: ParsedRequest): RequestZone {
  if (request.timeZoneContextId === undefined) return UTC_ZONE;
  const iana = resolveZoneId(request.timeZoneContextId);
  if (!iana) throw new EwsFault("ErrorTimeZone", `The time zone '${request.timeZoneContextId}' is not valid.`);
  return createIanaZone(iana);
}

/**
 * Impersonation acts as another mailbox; Exchange refuses it with a SOAP fault. Without the
 * ApplicationImpersonation role for the target that fault is ErrorImpersonateUserDenied
 * (ErrorImpersonationDenied was Exchange 2007's refusal for a server-level right).
 */
function resolveActingAccount(input: { request: ParsedRequest; call: EwsCallContext }): SimAccount {
  const { request, call } = input;
  if (!request.impersonation) return call.account;
  const { key, value } = request.impersonation;
  const target = key === "SID" ? undefined : call.findAccount(value.toLowerCase());
  if (!target) throw new EwsFault("ErrorNonExistentMailbox");
  const allowed =
    target.email === call.account.email ||
    call.account.canImpersonate.some((email) => email.toLowerCase() === target.email.toLowerCase());
  if (!allowed) throw new EwsFault("ErrorImpersonateUserDenied");
  return target;
}

/** The ItemShape of a GetItem or FindItem in a line: base shape, field URIs, extended property names. */
function describeItemShape(request: ParsedRequest): string | undefined {
  if (request.operation !== "GetItem" && request.operation !== "FindItem") return undefined;
  const element = findChild(request.body, "ItemShape", NS.m);
  if (!element) return undefined;
  try {
    const shape = readItemShape(element);
    const extended = shape.extended.map((uri) => uri.PropertyName ?? uri.PropertyId ?? uri.PropertyTag ?? "?");
    return [
      shape.base,
      ...(shape.fields.size > 0 ? [[...shape.fields].sort().join(", ")] : []),
      ...(extended.length > 0 ? [`extended ${extended.sort().join(", ")}`] : []),
    ].join(" + ");
  } catch {
    // A malformed shape is reported to the client by the operation itself.
    return undefined;
  }
}

/** The TimeWindow's bounds as sent; a malformed window is reported to the client by the operation itself. */
function describeTimeWindow(options: Element): { start: string; end: string } | undefined {
  const window = findChild(options, "TimeWindow");
  const start = window ? readChildText(window, "StartTime") : undefined;
  const end = window ? readChildText(window, "EndTime") : undefined;
  return start !== undefined && end !== undefined ? { start, end } : undefined;
}

function describeRequest(request: ParsedRequest): EwsRequestSummary {
  const options =
    request.operation === "GetUserAvailability" ? findChild(request.body, "FreeBusyViewOptions") : undefined;
  const impersonating =
    request.impersonation && request.impersonation.key !== "SID"
      ? request.impersonation.value.toLowerCase()
      : undefined;
  const mailboxes = listNamedMailboxes(request);
  return {
    operation: request.operation,
    requestedServerVersion: request.requestedServerVersion,
    requestedView: options ? readChildText(options, "RequestedView") : undefined,
    timeWindow: options ? describeTimeWindow(options) : undefined,
    mailboxes: impersonating && !mailboxes.includes(impersonating) ? [impersonating, ...mailboxes] : mailboxes,
    impersonating,
    itemShape: describeItemShape(request),
  };
}

function toFault(error: unknown): EwsResponse {
  if (error instanceof EwsFault) return renderFault(error);
  if (error instanceof EwsItemError) return renderFault(new EwsFault(error.code, error.message));
  // Internal details stay in the simulator; the client sees Exchange's generic error.
  return renderFault(
    new EwsFault("ErrorInternalServerError", "An internal server error occurred. The operation failed."),
  );
}

export function createEwsCore(options: EwsCoreOptions): EwsSimulatorCore {
  const now = options.now ?? (() => new Date());
  const store = createMailboxStore({ accounts: options.accounts, now });
  const validateRequests = options.validateRequests ?? true;
  // Compiling the schema takes a second or two: start now, in its own thread, rather than at the first request.
  if (validateRequests) prepareRequestSchema();

  return {
    summarize(xml) {
      try {
        return describeRequest(parseEnvelope(xml));
      } catch (error) {
        return toFault(error);
      }
    },
    ready: () => (validateRequests ? requestSchemaReady() : Promise.resolve()),
    async validate(xml) {
      if (!validateRequests) return undefined;
      try {
        const fault = await checkRequestSchema(xml);
        if (!fault) return undefined;
        // Exchange reads RequestServerVersion before it validates the body: a version it does not know is
        // ErrorInvalidServerVersion (which clients such as exchangelib answer by trying an older one),
        // not the schema's enumeration failure. Only a refused request is read for it: a valid one is
        // parsed once, by execute.
        const version = readRequestedVersion(xml);
        if (version !== undefined) checkServerVersion({ requestedServerVersion: version });
        return renderFault(fault);
      } catch (error) {
        return toFault(error);
      }
    },
    execute(xml, call) {
      try {
        const request = parseEnvelope(xml);
        checkServerVersion(request);
        const zone = resolveRequestZone(request);
        const acting = resolveActingAccount({ request, call });
        const handler = HANDLERS[request.operation];
        if (!handler) throw new EwsFault("ErrorInvalidRequest");
        const context: OperationContext = {
          request,
          store,
          call,
          actingAs: acting.email.toLowerCase(),
          zone,
          now: call.now.getTime(),
        };
        return handler(context);
      } catch (error) {
        return toFault(error);
      }
    },
    serverBusyFault(backOffMilliseconds) {
      return renderFault(
        new EwsFault("ErrorServerBusy", undefined, {
          values: { BackOffMilliseconds: String(Math.max(0, Math.round(backOffMilliseconds))) },
        }),
      );
    },
    reset: () => store.reset(),
    listMailboxEvents: (email) => store.listEvents(email),
    listCalendarItems: (email) =>
      store.findProfile(email) ? store.listEvents(email).map(describeCalendarEvent) : undefined,
    listCanaries: () => store.listCanaries(),
  };
}
