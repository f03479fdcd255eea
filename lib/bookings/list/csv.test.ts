import { describe, expect, it } from "vitest";
import { BOOKINGS_CSV_HEADER, type BookingCsvRow, formatBookingsCsv, neutraliseFormula } from "./csv";

/** RFC 4180 read back, independent of the writer: quoted fields may hold commas, quotes and line breaks. */
function parse(csv: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < csv.length; i++) {
    const c = csv[i];
    if (quoted) {
      if (c === '"' && csv[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      record.push(field);
      field = "";
    } else if (c === "\r" && csv[i + 1] === "\n") {
      record.push(field);
      records.push(record);
      record = [];
      field = "";
      i++;
    } else field += c;
  }
  if (field || record.length) throw new Error("the CSV does not end with CRLF");
  return records;
}

const row = (overrides: Partial<BookingCsvRow> = {}): BookingCsvRow => ({
  id: "0b6e3c52-8a43-4a4b-9d8e-2f0c1f7a5e11",
  pageTitle: "Intro call",
  hostNames: "Hana Host",
  customerName: "Cara Customer",
  customerEmail: "cara@example.com",
  customerTimeZone: "Asia/Kolkata",
  start: new Date("2030-03-05T09:00:00Z"),
  end: new Date("2030-03-05T09:30:00Z"),
  status: "confirmed",
  cancelledAt: null,
  cancelReason: null,
  ...overrides,
});

describe("neutraliseFormula", () => {
  it("prefixes an apostrophe to cells a spreadsheet would run", () => {
    for (const start of ["=", "+", "-", "@", "\t", "\r"]) expect(neutraliseFormula(`${start}1+1`)).toBe(`'${start}1+1`);
    expect(neutraliseFormula("Cara")).toBe("Cara");
    expect(neutraliseFormula("a=b")).toBe("a=b");
    expect(neutraliseFormula("")).toBe("");
  });
});

describe("formatBookingsCsv", () => {
  it("writes the header and one CRLF-ended line per booking, times in UTC", () => {
    const csv = formatBookingsCsv([row()]);
    expect(csv).toBe(
      `${BOOKINGS_CSV_HEADER.join(",")}\r\n` +
        "0b6e3c52-8a43-4a4b-9d8e-2f0c1f7a5e11,Intro call,Hana Host,Cara Customer,cara@example.com,Asia/Kolkata," +
        "2030-03-05T09:00:00.000Z,2030-03-05T09:30:00.000Z,confirmed,,\r\n",
    );
  });

  it("quotes commas, quotes and line breaks so every value reads back exactly", () => {
    const tricky = row({
      pageTitle: 'Talk, "quickly"',
      customerName: "Line\nbreak",
      hostNames: "Ada, Bo",
      status: "cancelled",
      cancelledAt: new Date("2030-03-04T08:00:00Z"),
      cancelReason: "Cr\rlf\r\nmix",
    });
    const csv = formatBookingsCsv([tricky, row()]);
    const records = parse(csv);
    expect(records).toHaveLength(3);
    expect(records[1]).toEqual([
      tricky.id,
      'Talk, "quickly"',
      "Ada, Bo",
      "Line\nbreak",
      "cara@example.com",
      "Asia/Kolkata",
      "2030-03-05T09:00:00.000Z",
      "2030-03-05T09:30:00.000Z",
      "cancelled",
      "2030-03-04T08:00:00.000Z",
      "Cr\rlf\r\nmix",
    ]);
  });

  it("neutralises formula injection in every text cell, including quoted ones", () => {
    const csv = formatBookingsCsv([
      row({ customerName: '=HYPERLINK("http://evil.test","x")', customerEmail: "@evil", cancelReason: "-2+3" }),
    ]);
    const [, record] = parse(csv);
    expect(record?.[3]).toBe(`'=HYPERLINK("http://evil.test","x")`);
    expect(record?.[4]).toBe("'@evil");
    expect(record?.[10]).toBe("'-2+3");
    // No raw line of the file starts a cell with a formula character.
    expect(csv).not.toMatch(/(^|,|\n)"?[=+\-@]/m);
  });
});
