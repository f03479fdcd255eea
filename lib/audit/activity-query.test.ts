import { describe, expect, it } from "vitest";
import { activitySearch, paramsOf, parseActivityQuery } from "./activity-query";

describe("parseActivityQuery", () => {
  it("reads the filters, empty fields meaning none", () => {
    const person = "01a2514f-24af-7ab0-835a-a09f0563e0c6";
    expect(
      parseActivityQuery({ person, action: "member.invited", from: "2030-01-01", to: "2030-01-31", p: "3" }),
    ).toEqual({
      query: { person, action: "member.invited", from: "2030-01-01", to: "2030-01-31", p: 3 },
      problems: [],
    });
    expect(parseActivityQuery({ person: "", action: "", from: "", to: "" })).toEqual({ query: { p: 1 }, problems: [] });
  });

  it("drops what it cannot read and says which and why", () => {
    const { query, problems } = parseActivityQuery({
      person: "someone",
      action: "account.hacked",
      from: "2030-02-30",
      to: "2030-03-01",
      p: "0",
    });
    expect(query).toEqual({ to: "2030-03-01", p: 1 });
    expect(problems).toEqual([
      "The person must be one of the listed people.",
      "The action must be one of the listed actions.",
      "The from date must be a date written YYYY-MM-DD.",
      "The page number must be at least 1.",
    ]);
  });

  it("refuses a range that ends before it starts, and a repeated filter", () => {
    expect(parseActivityQuery({ from: "2030-03-02", to: "2030-03-01" })).toEqual({
      query: { p: 1 },
      problems: ["The from date lies after the to date."],
    });
    const repeated = parseActivityQuery(paramsOf(new URLSearchParams("action=member.invited&action=member.joined")));
    expect(repeated.query.action).toBeUndefined();
    expect(repeated.problems).toHaveLength(1);
  });

  it("writes the filters back into an address, defaults left out", () => {
    expect(activitySearch({ action: "member.invited", from: "2030-01-01", p: 1 })).toBe(
      "?action=member.invited&from=2030-01-01",
    );
    expect(activitySearch({ p: 2 })).toBe("?p=2");
  });
});
