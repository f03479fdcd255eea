import { findChild, findChildren, parseXsBoolean, readAttribute, readText } from "../soap/dom";
import { NS } from "../soap/namespaces";
import { renderOperationResponse, renderResponseMessage, renderResponseMessages } from "../soap/render";
import { el } from "../soap/xml";
import { findWindowsZone, listWindowsZones, type WindowsZone } from "../timezone/windows-zones";
import { renderTimeZoneDefinition } from "../timezone/zone-definition";
import type { OperationHandler } from "./context";

/** The rules are read for the year before "now" to three years after; earlier and later years repeat the ends. */
const YEARS_BEFORE = 1;
const YEARS_AFTER = 3;

/**
 * GetServerTimeZones as Exchange 2013+ answers it: every zone, or those named in Ids (unknown ids are
 * left out, as Exchange does, not refused), with only Id and Name when ReturnFullTimeZoneData is false.
 */
export const getServerTimeZones: OperationHandler = (context) => {
  const body = context.request.body;
  const fullText = readAttribute(body, "ReturnFullTimeZoneData");
  const full = fullText === undefined ? true : parseXsBoolean({ value: fullText, element: body });
  const ids = findChild(body, "Ids", NS.m);
  const zones = ids
    ? findChildren(ids, "Id")
        .map((id) => findWindowsZone(readText(id).trim()))
        .filter((zone): zone is WindowsZone => zone !== undefined)
    : listWindowsZones();
  const year = new Date(context.now).getUTCFullYear();
  const definitions = zones.map((zone) =>
    renderTimeZoneDefinition({ zone, full, fromYear: year - YEARS_BEFORE, toYear: year + YEARS_AFTER }),
  );
  return renderOperationResponse({
    name: "GetServerTimeZonesResponse",
    content: renderResponseMessages([
      renderResponseMessage({
        name: "GetServerTimeZonesResponseMessage",
        content: el("m:TimeZoneDefinitions", definitions),
      }),
    ]),
  });
};
