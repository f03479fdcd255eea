import type { Element } from "@xmldom/xmldom";
import { afterAll, describe, expect, it } from "vitest";
import { createCoreHarness, expectSchemaValid, parseResponse } from "../core-test-harness";
import { findChild, findChildren, listChildElements, readAttribute, readChildText } from "../soap/dom";
import { NS } from "../soap/namespaces";
import { buildRequestEnvelope } from "../soap/request-builder";

const harness = createCoreHarness({ now: new Date("2026-06-15T12:00:00Z") });

function definitionsOf(body: string, version = "Exchange2013_SP1"): Element[] {
  const response = parseResponse(
    harness.execute({ as: "alice@contoso.test", xml: buildRequestEnvelope({ body, version }) }),
  );
  const messages = listChildElements(findChild(response, "ResponseMessages", NS.m) as Element);
  expect(messages).toHaveLength(1);
  expect(readChildText(messages[0] as Element, "ResponseCode", NS.m)).toBe("NoError");
  return findChildren(findChild(messages[0] as Element, "TimeZoneDefinitions", NS.m) as Element, "TimeZoneDefinition");
}

const ids = (...names: string[]) => `<m:Ids>${names.map((n) => `<t:Id>${n}</t:Id>`).join("")}</m:Ids>`;

describe("GetServerTimeZones", () => {
  it("lists every zone with full definitions by default", () => {
    const all = definitionsOf("<m:GetServerTimeZones/>");
    expect(all.length).toBe(139);
    expect(all.every((d) => findChild(d, "Periods") && findChild(d, "Transitions"))).toBe(true);
    expect(all.map((d) => readAttribute(d, "Id"))).toContain("UTC");
  });

  it("gives only Id and Name without full data, for the ids asked, leaving unknown ids out", () => {
    const named = definitionsOf(
      `<m:GetServerTimeZones ReturnFullTimeZoneData="false">${ids("Eastern Standard Time", "Atlantis Time", "Pacific Standard Time")}</m:GetServerTimeZones>`,
      "Exchange2016",
    );
    expect(named.map((d) => [readAttribute(d, "Id"), readAttribute(d, "Name"), listChildElements(d).length])).toEqual([
      ["Eastern Standard Time", "(UTC-05:00) Eastern Time (US & Canada)", 0],
      ["Pacific Standard Time", "(UTC-08:00) Pacific Time (US & Canada)", 0],
    ]);
    // xs:boolean reads 1 and 0 too.
    expect(
      definitionsOf(
        `<m:GetServerTimeZones ReturnFullTimeZoneData="0">${ids("UTC")}</m:GetServerTimeZones>`,
      )[0]?.toString(),
    ).not.toContain("Periods");
    const [full] = definitionsOf(
      `<m:GetServerTimeZones ReturnFullTimeZoneData="1">${ids("Eastern Standard Time")}</m:GetServerTimeZones>`,
    );
    const group = findChild(findChild(full as Element, "TransitionsGroups") as Element, "TransitionsGroup") as Element;
    // The US rule since 2007: second Sunday of March, first Sunday of November, at 2:00.
    expect(
      listChildElements(group).map((t) =>
        ["TimeOffset", "Month", "DayOfWeek", "Occurrence"].map((n) => readChildText(t, n)),
      ),
    ).toEqual([
      ["PT2H", "3", "Sunday", "2"],
      ["PT2H", "11", "Sunday", "1"],
    ]);
  });

  it("answers an empty list for ids it does not know", () => {
    expect(definitionsOf(`<m:GetServerTimeZones>${ids("Nowhere Standard Time")}</m:GetServerTimeZones>`)).toEqual([]);
  });
});

afterAll(async () => {
  await expectSchemaValid(harness.responses);
});
