import https from "node:https";
import os from "node:os";
import path from "node:path";
import { sendHttpRequest } from "@/lib/exchange";
import { SEED_PASSWORD, SEED_PEOPLE } from "./data/accounts";
import { startSimulator } from "./simulator";

/**
 * `npm run bench:ews-sim`: GetUserAvailability throughput over HTTPS against the real core.
 * Raw HTTPS with a prebuilt request body (not ews-javascript-api, whose XML building would dominate),
 * Basic auth, keep-alive, fixed concurrency. 100 mailboxes cycle through the 12 seeded people.
 * Each case runs against two simulators side by side, interleaved so the machine's load falls on both
 * alike: one checking every request against Microsoft's schema (the default, as in tests and the demo)
 * and one with the check off, so the check's cost shows. Figures only: nothing here asserts a speed.
 */
const CONCURRENCY = 4;
const PLAN = [
  { mailboxes: 1, requests: 400 },
  { mailboxes: 10, requests: 200 },
  { mailboxes: 100, requests: 60 },
];

function buildRequest(input: { mailboxes: string[]; start: string; end: string }): string {
  const data = input.mailboxes
    .map(
      (m) =>
        `<t:MailboxData><t:Email><t:Address>${m}</t:Address></t:Email><t:AttendeeType>Required</t:AttendeeType><t:ExcludeConflicts>false</t:ExcludeConflicts></t:MailboxData>`,
    )
    .join("");
  return `<?xml version="1.0" encoding="utf-8"?>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types" xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages">
<soap:Header><t:RequestServerVersion Version="Exchange2013_SP1"/></soap:Header>
<soap:Body><m:GetUserAvailabilityRequest>
<t:TimeZone><t:Bias>0</t:Bias><t:StandardTime><t:Bias>0</t:Bias><t:Time>00:00:00</t:Time><t:DayOrder>0</t:DayOrder><t:Month>0</t:Month><t:DayOfWeek>Sunday</t:DayOfWeek></t:StandardTime><t:DaylightTime><t:Bias>0</t:Bias><t:Time>00:00:00</t:Time><t:DayOrder>0</t:DayOrder><t:Month>0</t:Month><t:DayOfWeek>Sunday</t:DayOfWeek></t:DaylightTime></t:TimeZone>
<m:MailboxDataArray>${data}</m:MailboxDataArray>
<t:FreeBusyViewOptions><t:TimeWindow><t:StartTime>${input.start}</t:StartTime><t:EndTime>${input.end}</t:EndTime></t:TimeWindow><t:MergedFreeBusyIntervalInMinutes>30</t:MergedFreeBusyIntervalInMinutes><t:RequestedView>FreeBusy</t:RequestedView></t:FreeBusyViewOptions>
</m:GetUserAvailabilityRequest></soap:Body></soap:Envelope>`;
}

function percentile(input: { sorted: number[]; p: number }): number {
  return input.sorted[Math.min(input.sorted.length - 1, Math.floor((input.p / 100) * input.sorted.length))] ?? 0;
}

async function runCase(input: { url: URL; agent: https.Agent; body: string; requests: number }) {
  const latencies: number[] = [];
  let next = 0;
  const headers = {
    "Content-Type": "text/xml; charset=utf-8",
    Authorization: `Basic ${Buffer.from(`CONTOSO\\svc-slotbridge:${SEED_PASSWORD}`).toString("base64")}`,
  };
  const worker = async () => {
    while (next < input.requests) {
      next += 1;
      const started = performance.now();
      const answer = await sendHttpRequest({
        url: input.url,
        method: "POST",
        headers,
        body: input.body,
        agent: input.agent,
        signal: AbortSignal.timeout(30_000),
      });
      if (answer.status !== 200 || !answer.body.includes('ResponseClass="Success"')) {
        throw new Error(`unexpected answer: HTTP ${answer.status}`);
      }
      latencies.push(performance.now() - started);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - started) / 1000;
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    rps: latencies.length / seconds,
    p50: percentile({ sorted, p: 50 }),
    p99: percentile({ sorted, p: 99 }),
    latencies,
    seconds,
  };
}

function formatRow(input: { label: string; mailboxes: number; requests: number; result: CaseResult }): string {
  const { rps, p50, p99 } = input.result;
  return `${String(input.mailboxes).padStart(9)}  ${input.label.padEnd(9)} ${String(input.requests).padStart(8)}  ${rps.toFixed(1).padStart(7)}  ${p50.toFixed(1).padStart(8)}  ${p99.toFixed(1).padStart(7)}`;
}

type CaseResult = Awaited<ReturnType<typeof runCase>>;

async function main() {
  const pkiDir = path.join(os.tmpdir(), "slotbridge-ews-sim-bench-pki");
  const checked = await startSimulator({ pkiDir, allPorts: 0 });
  const unchecked = await startSimulator({ pkiDir, allPorts: 0, validateRequests: false });
  const agent = new https.Agent({ ca: [checked.caPem], keepAlive: true, maxSockets: CONCURRENCY });
  const targets = [
    { label: "checked", url: new URL(checked.listeners.valid.url) },
    { label: "unchecked", url: new URL(unchecked.listeners.valid.url) },
  ];
  const monday = new Date();
  monday.setUTCDate(monday.getUTCDate() - ((monday.getUTCDay() + 6) % 7));
  const start = `${monday.toISOString().slice(0, 10)}T00:00:00`;
  const endDay = new Date(monday.getTime() + 7 * 86_400_000);
  const end = `${endDay.toISOString().slice(0, 10)}T00:00:00`;
  console.log(`GetUserAvailability, 7-day window, FreeBusy view; HTTPS keep-alive, Basic, concurrency ${CONCURRENCY}`);
  console.log(`Node ${process.version}, ${os.cpus().length} CPU(s)\n`);
  console.log("schema check: checked = every request against Microsoft's schema (default); unchecked = off\n");
  console.log("mailboxes  check     requests    req/s    p50 ms   p99 ms");
  try {
    for (const { mailboxes, requests } of PLAN) {
      const names = Array.from({ length: mailboxes }, (_, i) => SEED_PEOPLE[i % SEED_PEOPLE.length]?.email ?? "");
      const body = buildRequest({ mailboxes: names, start, end });
      // Warm-up: JIT, TLS sessions, and the checked simulator's schema compile.
      for (const { url } of targets) await runCase({ url, agent, body, requests: 10 });
      const results = new Map<string, CaseResult[]>(targets.map(({ label }) => [label, []]));
      // Halves in turn (checked, unchecked, checked, unchecked), so a burst of load elsewhere hits both.
      for (let round = 0; round < 2; round++) {
        for (const { label, url } of targets) {
          results.get(label)?.push(await runCase({ url, agent, body, requests: requests / 2 }));
        }
      }
      for (const { label } of targets) {
        const halves = results.get(label) ?? [];
        const latencies = halves.flatMap((half) => half.latencies).sort((a, b) => a - b);
        const seconds = halves.reduce((sum, half) => sum + half.seconds, 0);
        console.log(
          formatRow({
            label,
            mailboxes,
            requests,
            result: {
              rps: latencies.length / seconds,
              p50: percentile({ sorted: latencies, p: 50 }),
              p99: percentile({ sorted: latencies, p: 99 }),
              latencies,
              seconds,
            },
          }),
        );
      }
    }
  } finally {
    agent.destroy();
    await Promise.all([checked.stop(), unchecked.stop()]);
  }
}

main().catch((error: unknown) => {
  console.error(`bench failed: ${(error as Error)?.message ?? error}`);
  process.exit(1);
});
