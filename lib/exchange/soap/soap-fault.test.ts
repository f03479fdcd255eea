import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { createEwsCore } from "@/ews-simulator/core";
import { seedAccounts } from "@/ews-simulator/data/accounts";
import { classifyEwsError, EwsSoapFault } from "@/lib/exchange/connection/failures";
import { readServerBusyBackOff } from "../connection/server-busy-retry";
import { readSoapFault } from "./soap-fault";

const EXAMPLES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../ews-simulator/examples");
const example = (name: string) => readFileSync(path.join(EXAMPLES, name), "utf8");

const busyFault = (inner: string) =>
  `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><s:Fault>${inner}</s:Fault></s:Body></s:Envelope>`;

describe("readSoapFault", () => {
  it("reads the documented ErrorServerBusy fault with its BackOffMilliseconds, which the retry honours", () => {
    const fault = readSoapFault(example("Throttling.ErrorServerBusy.fault.xml"));
    expect(fault).toBeInstanceOf(EwsSoapFault);
    expect(fault?.fault).toEqual({ responseCode: "ErrorServerBusy", backOffMs: 297_749 });
    expect(readServerBusyBackOff(fault)).toBe(297_749);
    expect(classifyEwsError(fault)).toMatchObject({ reason: "server-busy" });
  });

  it("reads the simulator's throttling fault the same way", () => {
    const core = createEwsCore({ accounts: seedAccounts() });
    const answer = core.serverBusyFault(400);
    expect(answer.status).toBe(500);
    expect(readServerBusyBackOff(readSoapFault(answer.body))).toBe(400);
  });

  it("falls back to the faultcode, and to a default pause when none was asked for", () => {
    const bare = readSoapFault(
      busyFault(
        '<faultcode xmlns:a="http://schemas.microsoft.com/exchange/services/2006/types">a:ErrorServerBusy</faultcode>',
      ),
    );
    expect(bare?.fault).toEqual({ responseCode: "ErrorServerBusy", backOffMs: undefined });
    expect(readServerBusyBackOff(bare)).toBe(1_000);
  });

  it("keeps no code it does not recognise as one, and no text of the server's", () => {
    const denied = readSoapFault(example("SoapFault.GetUserOofSettings.AccessDenied.response.xml"));
    expect(denied?.fault).toEqual({ responseCode: undefined, backOffMs: undefined });
    expect(JSON.stringify(denied) + String(denied?.message)).not.toMatch(/AccessDenied|S-1-5|mailbox owner/);
    expect(classifyEwsError(denied)).toMatchObject({ reason: "unexpected" });
    expect(readServerBusyBackOff(denied)).toBeUndefined();
    const hostile = readSoapFault(busyFault("<faultcode>constructor</faultcode>"));
    expect(hostile?.fault.responseCode).toBeUndefined();
    expect(classifyEwsError(hostile)).toMatchObject({ reason: "unexpected" });
  });

  it("finds no fault in an error page, a normal answer or broken XML", () => {
    expect(readSoapFault("<html><body><h1>500 - Internal server error.</h1></body></html>")).toBeUndefined();
    expect(readSoapFault(example("DeleteItem.ErrorItemNotFound.response.xml"))).toBeUndefined();
    expect(readSoapFault("<s:Envelope")).toBeUndefined();
  });
});
