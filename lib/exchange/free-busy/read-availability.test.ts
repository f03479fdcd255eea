import { ConnectingIdType, ImpersonatedUserId, type IXHRApi, type IXHROptions } from "ews-javascript-api";
import { describe, expect, it } from "vitest";
import { createCoreHarness } from "@/ews-simulator/core-test-harness";
import { classifyEwsError, EwsSoapFault } from "@/lib/exchange/connection/failures";
import { createEwsService } from "@/lib/exchange/transport/create-ews-service";
import { EwsTransportError } from "@/lib/exchange/transport/transport-errors";
import { toXhrFailure, toXhrResponse } from "@/lib/exchange/transport/xhr-response";
import { EWS_NS } from "../soap/ews-namespaces";
import { readAvailability } from "./read-availability";

const URL = "https://mail.contoso.test/EWS/Exchange.asmx";
const week = { start: new Date("2026-10-19T00:00:00Z"), end: new Date("2026-10-26T00:00:00Z") };
const harness = createCoreHarness({ now: new Date("2026-10-21T12:00:00Z") });

type Answer = { status: number; body: string } | Error;

/** The service runEws builds, with a transport that answers like EwsTransport does and keeps what it was sent. */
function serviceAnswering(answer: (request: IXHROptions) => Answer, actAs?: string) {
  const sent: IXHROptions[] = [];
  const service = createEwsService({
    url: URL,
    auth: { kind: "basic", username: "svc-slotbridge", password: "unused" },
    timeoutMs: 1_000,
    timeZone: "UTC",
  });
  if (actAs) service.ImpersonatedUserId = new ImpersonatedUserId(ConnectingIdType.SmtpAddress, actAs);
  const transport: IXHRApi = {
    async xhr(request) {
      sent.push(request);
      const reply = answer(request);
      if (reply instanceof Error) throw toXhrFailure({ error: reply, url: request.url });
      const response = toXhrResponse({
        answer: { ...reply, statusText: "", headers: { "content-type": "text/xml" }, wwwAuthenticate: [] },
        url: request.url,
      });
      if (reply.status !== 200) throw response;
      return response;
    },
    xhrStream: () => Promise.reject(new Error("not used")),
    disconnect() {},
  };
  service.XHRApi = transport;
  return { service, sent };
}

/** The simulator's own answer to whatever was sent, as the service account. */
const simulatorAnswer = (request: IXHROptions): Answer =>
  harness.execute({ as: "svc-slotbridge@contoso.test", xml: String(request.data) });

/** A GetUserAvailabilityResponse with the given FreeBusyResponse elements. */
function answerWith(...responses: string[]): Answer {
  return {
    status: 200,
    body: `<s:Envelope xmlns:s="${EWS_NS.soap}"><s:Body><m:GetUserAvailabilityResponse xmlns:m="${EWS_NS.m}" xmlns:t="${EWS_NS.t}"><m:FreeBusyResponseArray>${responses.join("")}</m:FreeBusyResponseArray></m:GetUserAvailabilityResponse></s:Body></s:Envelope>`,
  };
}

function response(input: { message: string; view?: string; events?: [string, string, string][] }): string {
  const events = (input.events ?? [])
    .map(
      ([start, end, busy]) =>
        `<t:CalendarEvent><t:StartTime>${start}</t:StartTime><t:EndTime>${end}</t:EndTime><t:BusyType>${busy}</t:BusyType></t:CalendarEvent>`,
    )
    .join("");
  const view = input.view
    ? `<m:FreeBusyView><t:FreeBusyViewType>${input.view}</t:FreeBusyViewType><t:CalendarEventArray>${events}</t:CalendarEventArray></m:FreeBusyView>`
    : "";
  return `<m:FreeBusyResponse><m:ResponseMessage ${input.message}</m:ResponseMessage>${view}</m:FreeBusyResponse>`;
}

const success = 'ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode>';
const failed = (code: string) => `ResponseClass="Error"><m:ResponseCode>${code}</m:ResponseCode>`;

describe("readAvailability", () => {
  it("posts its envelope through the service's transport to the service's URL, impersonating as runEws set", async () => {
    const mailboxes = ["kiri@contoso.test", "bob@contoso.test", "nobody@contoso.test"];
    const asKiri = serviceAnswering(simulatorAnswer, "kiri@contoso.test");
    const answers = await readAvailability({ service: asKiri.service, mailboxes, days: week });
    const [request] = asKiri.sent;
    expect(request).toMatchObject({ type: "POST", url: URL });
    expect(request?.headers?.["Content-Type"]).toBe("text/xml; charset=utf-8");
    expect(String(request?.data)).toContain(
      "<t:ExchangeImpersonation><t:ConnectingSID><t:SmtpAddress>kiri@contoso.test</t:SmtpAddress>",
    );
    expect(answers.map((answer) => answer.kind)).toEqual(["events", "events", "error"]);
    expect(answers[2]).toEqual({ kind: "error", reason: "mailbox-not-found" });

    // Without impersonation the service account sees Kiri's "None": no data, not an error.
    const asService = serviceAnswering(simulatorAnswer);
    const plain = await readAvailability({ service: asService.service, mailboxes, days: week });
    expect(String(asService.sent[0]?.data)).not.toContain("ExchangeImpersonation");
    expect(plain.map((answer) => answer.kind)).toEqual(["no-data", "events", "error"]);
  });

  it("maps each mailbox's code, view and BusyType as the grid needs them", async () => {
    const { service } = serviceAnswering(() =>
      answerWith(
        response({
          message: success,
          view: "FreeBusy",
          events: [
            ["2026-10-19T09:00:00", "2026-10-19T10:00:00", "Busy"],
            ["2026-10-19T10:00:00", "2026-10-19T11:00:00", "Free"],
            ["2026-10-19T11:00:00", "2026-10-19T12:00:00", "Tentative"],
            ["2026-10-19T12:00:00", "2026-10-19T13:00:00", "NoData"],
            ["2026-10-20T00:00:00", "2026-10-21T00:00:00", "OOF"],
            ["2026-10-21T08:00:00", "2026-10-21T16:00:00", "WorkingElsewhere"],
            ["2026-10-21T08:00:00", "2026-10-21T16:00:00", "constructor"],
          ],
        }),
        response({ message: failed("ErrorNoFreeBusyAccess") }),
        response({ message: failed("ErrorNonExistentMailbox") }),
        response({ message: failed("ErrorProxyRequestNotAllowed") }),
        response({ message: success, view: "MergedOnly" }),
        response({ message: 'ResponseClass="Success">', view: "FreeBusyMerged" }),
        response({ message: 'ResponseClass="Error">', view: "FreeBusy" }),
      ),
    );
    const mailboxes = Array.from({ length: 7 }, (_, i) => `m${i}@contoso.test`);
    expect(await readAvailability({ service, mailboxes, days: week })).toEqual([
      {
        kind: "events",
        busy: [
          { start: "2026-10-19T09:00:00.000Z", end: "2026-10-19T10:00:00.000Z", status: "busy" },
          { start: "2026-10-19T11:00:00.000Z", end: "2026-10-19T12:00:00.000Z", status: "tentative" },
          { start: "2026-10-20T00:00:00.000Z", end: "2026-10-21T00:00:00.000Z", status: "oof" },
          { start: "2026-10-21T08:00:00.000Z", end: "2026-10-21T16:00:00.000Z", status: "working-elsewhere" },
        ],
      },
      { kind: "no-data" },
      { kind: "error", reason: "mailbox-not-found" },
      { kind: "error", reason: "unexpected" },
      { kind: "no-data" },
      { kind: "events", busy: [] },
      { kind: "error", reason: "unexpected" },
    ]);
  });

  it("refuses an answer that does not have one response per mailbox", async () => {
    const { service } = serviceAnswering(() => answerWith(response({ message: success, view: "FreeBusy" })));
    await expect(
      readAvailability({ service, mailboxes: ["a@contoso.test", "b@contoso.test"], days: week }),
    ).rejects.toThrow("Exchange answered for 1 of 2 mailboxes");
  });

  it("rejects with what classifyEwsError and the server-busy retry read", async () => {
    const rejection = async (answer: Answer) => {
      const { service } = serviceAnswering(() => answer);
      return readAvailability({ service, mailboxes: ["bob@contoso.test"], days: week }).catch(
        (error: unknown) => error,
      );
    };
    const busy = await rejection(harness.core.serverBusyFault(250));
    expect(busy).toBeInstanceOf(EwsSoapFault);
    expect((busy as EwsSoapFault).fault).toEqual({ responseCode: "ErrorServerBusy", backOffMs: 250 });
    expect(classifyEwsError(await rejection({ status: 401, body: "" }))).toMatchObject({ reason: "wrong-password" });
    expect(classifyEwsError(await rejection({ status: 503, body: "" }))).toMatchObject({ reason: "server-busy" });
    expect(classifyEwsError(await rejection({ status: 500, body: "<html>IIS</html>" }))).toMatchObject({
      reason: "unexpected",
    });
    const timeout = await rejection(new EwsTransportError("timeout", "no complete answer before the deadline"));
    expect(classifyEwsError(timeout)).toMatchObject({ reason: "timeout" });
    const malformed = await rejection({ status: 200, body: "<s:Envelope><s:Bo" });
    expect(classifyEwsError(malformed)).toMatchObject({ reason: "unexpected" });
  });
});
