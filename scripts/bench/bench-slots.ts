// `npm run bench:slots`: the slot engine (lib/scheduling) on seeded workloads of its own, and replays of
// workload files so that results can be compared with other engines. Figures only: nothing here asserts
// a speed. Usage:
//   tsx scripts/bench/bench-slots.ts                            the seeded workloads
//   tsx scripts/bench/bench-slots.ts --workload FILE.json [--out FILE.json]
//   tsx scripts/bench/bench-slots.ts --save-workloads DIR       write the seeded workloads as files
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { getAvailableSlots } from "@/lib/scheduling/get-slots";
import { parseWorkload, replayWorkload, type Workload, workloadToQuery } from "@/lib/scheduling/workload";

const WARM_UP_RUNS = 10;
const MIN_RUNS = 30;
const MIN_MEASURED_MS = 1000;
const RANGE_START = "2030-03-04T05:00:00Z"; // Monday 00:00 in New York; the range crosses 10 March's change.
const DAY_MS = 86_400_000;
const DURATIONS_MIN = [15, 30, 30, 45, 60, 60, 90, 120];

/** mulberry32: small, fast, and the same sequence on every machine. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * Busy events starting between 07:00 and 19:00 New York winter time every day (weekends too), 15 minutes to 2 hours,
 * overlapping freely, then shuffled: unsorted and overlapping, as a free/busy fetch hands them over.
 */
function seededWorkload(input: {
  days: number;
  eventsPerDay: number;
  hosts: number;
  schedulingType: Workload["schedulingType"];
  seed: number;
}): Workload {
  const random = seededRandom(input.seed);
  const start = Date.parse(RANGE_START);
  const iso = (ms: number) => new Date(ms).toISOString();
  const hosts = Array.from({ length: input.hosts }, (_, h) => {
    const busy: Array<{ start: string; end: string }> = [];
    for (let day = 0; day < input.days; day++) {
      for (let e = 0; e < input.eventsPerDay; e++) {
        const from = start + day * DAY_MS + (7 * 60 + Math.floor(random() * 144) * 5) * 60_000;
        const minutes = DURATIONS_MIN[Math.floor(random() * DURATIONS_MIN.length)] ?? 30;
        busy.push({ start: iso(from), end: iso(from + minutes * 60_000) });
      }
    }
    for (let i = busy.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [busy[i], busy[j]] = [busy[j] as (typeof busy)[number], busy[i] as (typeof busy)[number]];
    }
    return { id: `host-${String(h + 1).padStart(2, "0")}`, busy };
  });
  return {
    timeZone: "America/New_York",
    range: { startTime: iso(start), endTime: iso(start + input.days * DAY_MS) },
    schedulingType: input.schedulingType,
    now: iso(start),
    rules: {
      days: [1, 2, 3, 4, 5],
      startMinute: 9 * 60,
      endMinute: 17 * 60,
      lengthMinutes: 30,
      slotIntervalMinutes: null,
      beforeBufferMinutes: 5,
      afterBufferMinutes: 10,
      minimumNoticeMinutes: 60,
      dailyLimit: null,
    },
    hosts,
  };
}

const TYPE_NAMES = { ROUND_ROBIN: "round robin", COLLECTIVE: "collective" } as const;

/** Round robin and collective of one size share a seed, so they see the same busy time. */
function seededCase(input: Parameters<typeof seededWorkload>[0]): { name: string; workload: Workload } {
  const type = input.schedulingType ? `, ${TYPE_NAMES[input.schedulingType]}` : "";
  const hosts = `${input.hosts} host${input.hosts === 1 ? "" : "s"}`;
  return { name: `${input.days} days, ${input.eventsPerDay}/day, ${hosts}${type}`, workload: seededWorkload(input) };
}

const SEEDED = [
  seededCase({ days: 30, eventsPerDay: 8, hosts: 1, schedulingType: null, seed: 1 }),
  seededCase({ days: 60, eventsPerDay: 8, hosts: 10, schedulingType: "ROUND_ROBIN", seed: 2 }),
  seededCase({ days: 60, eventsPerDay: 8, hosts: 10, schedulingType: "COLLECTIVE", seed: 2 }),
  seededCase({ days: 60, eventsPerDay: 20, hosts: 50, schedulingType: "ROUND_ROBIN", seed: 3 }),
  seededCase({ days: 60, eventsPerDay: 20, hosts: 50, schedulingType: "COLLECTIVE", seed: 3 }),
];

/** Median ms per call, after warm-up, over at least MIN_RUNS calls and MIN_MEASURED_MS. */
function medianMs(run: () => unknown): number {
  for (let i = 0; i < WARM_UP_RUNS; i++) run();
  const times: number[] = [];
  const started = performance.now();
  while (times.length < MIN_RUNS || performance.now() - started < MIN_MEASURED_MS) {
    const t0 = performance.now();
    run();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? Number.NaN;
}

function measure(input: { name: string; workload: Workload }) {
  const query = workloadToQuery({ workload: input.workload, fallbackNow: Date.now() });
  const slots = getAvailableSlots(query).length;
  const busy = query.hosts.reduce((sum, host) => sum + host.busy.length, 0);
  return {
    workload: input.name,
    hosts: query.hosts.length,
    "busy events": busy,
    slots,
    "ms per call": Number(medianMs(() => getAvailableSlots(query)).toFixed(2)),
    // The whole replay: ISO strings parsed in, slot starts formatted out.
    "ms incl. ISO in/out": Number(
      medianMs(() => replayWorkload({ workload: input.workload, fallbackNow: 0 })).toFixed(2),
    ),
  };
}

function readWorkloadFile(file: string): Workload {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(`Cannot read ${file} as JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = parseWorkload(json);
  if (!parsed.ok) throw new Error(`${file}: ${parsed.message}`);
  for (const warning of parsed.warnings) console.warn(`${file}: warning: ${warning}`);
  return parsed.workload;
}

function main() {
  const { values } = parseArgs({
    options: { workload: { type: "string" }, out: { type: "string" }, "save-workloads": { type: "string" } },
  });
  if (values.out && !values.workload) throw new Error("--out needs --workload FILE.json to replay.");
  if (values["save-workloads"]) {
    const dir = values["save-workloads"];
    mkdirSync(dir, { recursive: true });
    for (const [i, { workload }] of SEEDED.entries()) {
      writeFileSync(path.join(dir, `workload-${i + 1}.json`), `${JSON.stringify(workload, null, 2)}\n`);
    }
    console.log(`Wrote ${SEEDED.length} workloads to ${dir}.`);
    return;
  }
  if (values.workload) {
    const workload = readWorkloadFile(values.workload);
    // A file without "now" runs on this machine's clock, as another engine given the same file would.
    const result = replayWorkload({ workload, fallbackNow: Date.now() });
    console.table([measure({ name: path.basename(values.workload), workload })]);
    if (values.out) {
      writeFileSync(values.out, `${JSON.stringify(result, null, 2)}\n`);
      console.log(`Wrote ${result.slots.length} slot starts to ${values.out}.`);
    }
    return;
  }
  console.log(
    `Slot engine, median of ≥${MIN_RUNS} calls after ${WARM_UP_RUNS} warm-up calls (Node ${process.version}):`,
  );
  console.table(SEEDED.map(measure));
}

try {
  main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
