import { DOMParser } from "@xmldom/xmldom";
import { expect } from "vitest";
import type { EwsCallContext, EwsResponse, SimAccount } from "./contract";
import { createEwsCore, type EwsSimulatorCore } from "./core";
import { seedAccounts } from "./data/accounts";
import { findChild, listChildElements, readChildText } from "./soap/dom";
import { NS } from "./soap/namespaces";
import {
  extractBodyElement,
  validateEwsBodies,
  validateEwsEnvelopes,
  validateEwsRequests,
} from "./soap/schema-validate";

/** A core over the seed accounts with a pinned clock, and every response it gave kept for schema checks. */
export interface CoreHarness {
  core: EwsSimulatorCore;
  accounts: SimAccount[];
  now: Date;
  /**
   * Runs `xml` as `email` (the authenticated account) straight through the core, without the schema check
   * the server puts in front of it; expectSchemaValid later checks that every request the core answered
   * other than with ErrorSchemaValidation was one the schema accepts.
   */
  execute(input: { as: string; xml: string }): EwsResponse;
  /** As the server runs it: the schema check first, then the core. */
  executeChecked(input: { as: string; xml: string }): Promise<EwsResponse>;
  responses: HarnessCall[];
  callContext(email: string): EwsCallContext;
}

export interface HarnessCall {
  label: string;
  /** The request sent (absent for faults rendered without one, such as serverBusyFault). */
  request?: string;
  response: EwsResponse;
}

export function createCoreHarness(input: { now: Date }): CoreHarness {
  const accounts = seedAccounts();
  const core = createEwsCore({ accounts, now: () => input.now });
  const responses: CoreHarness["responses"] = [];
  const callContext = (email: string): EwsCallContext => {
    const account = accounts.find((a) => a.email === email);
    if (!account) throw new Error(`no account ${email}`);
    return {
      account,
      findAccount: (address) => accounts.find((a) => a.email === address.toLowerCase()),
      now: input.now,
      maxAvailabilityDays: 42,
    };
  };
  return {
    core,
    accounts,
    now: input.now,
    responses,
    callContext,
    execute({ as, xml }) {
      const response = core.execute(xml, callContext(as));
      responses.push({
        label: `${as}: ${xml.slice(xml.indexOf("<soap:Body>"), xml.indexOf("<soap:Body>") + 80)}`,
        request: xml,
        response,
      });
      return response;
    },
    async executeChecked({ as, xml }) {
      const refused = await core.validate(xml);
      return refused ?? this.execute({ as, xml });
    },
  };
}

export function parseResponse(response: EwsResponse) {
  const root = new DOMParser().parseFromString(response.body, "text/xml").documentElement;
  if (!root) throw new Error("empty response");
  const body = findChild(root, "Body", NS.soap);
  const first = body ? listChildElements(body)[0] : undefined;
  if (!first) throw new Error("no body element");
  return first;
}

/** The e:ResponseCode of a soap:Fault (asserting the fault's shape on the way). */
export function readFaultCode(response: EwsResponse): string {
  expect(response.status).toBe(500);
  const fault = parseResponse(response);
  expect(fault.localName).toBe("Fault");
  expect(fault.namespaceURI).toBe(NS.soap);
  const detail = findChild(fault, "detail", "");
  expect(findChild(fault, "faultcode", "")).toBeDefined();
  expect(findChild(fault, "faultstring", "")).toBeDefined();
  const code = detail ? readChildText(detail, "ResponseCode", NS.e) : undefined;
  expect(detail && readChildText(detail, "Message", NS.e)).toBeTruthy();
  return code ?? "";
}

/**
 * Every response's body element against messages.xsd (faults: the envelope and header, plus their shape),
 * and every request the core answered other than with ErrorSchemaValidation against the request schema:
 * a request Exchange would refuse at the door tests nothing behind it.
 */
export async function expectSchemaValid(responses: HarnessCall[]): Promise<void> {
  const bodies = responses.filter((r) => r.response.status === 200);
  const faults = responses.filter((r) => r.response.status !== 200);
  for (const { response } of faults) readFaultCode(response);
  const extracted = bodies.map((r) => ({ label: r.label, ...extractBodyElement(r.response.body) }));
  for (const item of extracted) {
    expect(item.namespace, item.label).toBe(NS.m);
    expect(item.localName, item.label).toMatch(/Response$/);
  }
  const results = [
    ...(await validateEwsBodies(extracted.map((item) => ({ name: item.label, xml: item.xml })))),
    ...(await validateEwsEnvelopes(responses.map((r) => ({ name: r.label, xml: r.response.body })))),
  ];
  const failures = results.filter((r) => !r.valid).map((r) => `${r.name}\n  ${r.errors.join("\n  ")}`);
  expect(failures).toEqual([]);
  const answered = responses.flatMap((r) =>
    r.request !== undefined && (r.response.status === 200 || readFaultCode(r.response) !== "ErrorSchemaValidation")
      ? [{ name: `request ${r.label}`, xml: r.request }]
      : [],
  );
  const requests = await validateEwsRequests(answered);
  const invalidRequests = requests.filter((r) => !r.valid).map((r) => `${r.name}\n  ${r.errors.join("\n  ")}`);
  expect(invalidRequests).toEqual([]);
}
