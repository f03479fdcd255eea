import { describe, expect, it } from "vitest";
import { bookingListSearch, containsPattern, parseBookingListQuery, toBookingListFilters } from "./list-query";

const PAGE_ID = "0b6e3c52-8a43-4a4b-9d8e-2f0c1f7a5e11";

describe("parseBookingListQuery", () => {
  it("gives defaults for an empty address and treats blank fields as no filter", () => {
    expect(parseBookingListQuery({})).toEqual({ query: { tab: "upcoming", p: 1 }, problem: null });
    expect(parseBookingListQuery({ status: "", pageId: "", host: "", q: "   ", p: "" })).toEqual({
      query: { tab: "upcoming", p: 1 },
      problem: null,
    });
  });

  it("reads every filter", () => {
    const { query, problem } = parseBookingListQuery({
      tab: "past",
      status: "write_failed",
      pageId: PAGE_ID,
      host: PAGE_ID,
      q: "  cara ",
      p: "3",
    });
    expect(problem).toBeNull();
    expect(query).toEqual({ tab: "past", status: "write_failed", pageId: PAGE_ID, host: PAGE_ID, q: "cara", p: 3 });
  });

  it("drops what it cannot read, names it and keeps the rest", () => {
    const { query, problem } = parseBookingListQuery({
      tab: "past",
      status: "deleted",
      pageId: "1; drop table bookings",
      q: ["a", "b"],
      p: "-1",
    });
    expect(query).toEqual({ tab: "past", p: 1 });
    expect(problem).toBe(
      "Some filters in the address could not be read and were left out (status, booking page, search, page number).",
    );
  });

  it("drops a search holding NUL or another control character, which Postgres would refuse, and names it", () => {
    for (const q of ["\u0000", "cara\u0000", "\u001b[31m", "a\nb", "\u0085"]) {
      expect(parseBookingListQuery({ q, tab: "past" }), JSON.stringify(q)).toEqual({
        query: { tab: "past", p: 1 },
        problem: "Some filters in the address could not be read and were left out (search).",
      });
    }
    expect(parseBookingListQuery({ q: " 50%_off\\ " }).query.q).toBe("50%_off\\");
  });

  it("ignores parameters it does not know", () => {
    expect(parseBookingListQuery({ organisationId: PAGE_ID }).problem).toBeNull();
  });
});

describe("bookingListSearch", () => {
  it("writes only what differs from the defaults, so a parsed address reads back the same", () => {
    expect(bookingListSearch({ tab: "upcoming", p: 1 })).toBe("");
    const search = bookingListSearch({ tab: "past", status: "cancelled", q: "a&b", p: 2 });
    expect(search).toBe("?tab=past&status=cancelled&q=a%26b&p=2");
    const params = Object.fromEntries(new URLSearchParams(search));
    expect(parseBookingListQuery(params).query).toEqual({ tab: "past", status: "cancelled", q: "a&b", p: 2 });
  });
});

describe("containsPattern", () => {
  it("escapes LIKE's own characters", () => {
    expect(containsPattern("cara")).toBe("%cara%");
    expect(containsPattern("50%_off\\")).toBe("%50\\%\\_off\\\\%");
  });
});

describe("toBookingListFilters", () => {
  it("passes the host filter on for admins and owners only", () => {
    const { query } = parseBookingListQuery({ tab: "past", host: PAGE_ID, q: "cara", status: "confirmed" });
    expect(toBookingListFilters({ query, role: "admin" })).toEqual({
      when: "past",
      status: "confirmed",
      pageId: undefined,
      hostUserId: PAGE_ID,
      search: "cara",
    });
    expect(toBookingListFilters({ query, role: "owner" }).hostUserId).toBe(PAGE_ID);
    expect(toBookingListFilters({ query, role: "member" }).hostUserId).toBeUndefined();
  });
});
