import { existsSync, readFileSync } from "node:fs";
import { SourceMap } from "node:module";
import { fileURLToPath } from "node:url";

// Summarises a V8 .cpuprofile (node --cpu-prof): the functions with the most self time, the most total
// time (self + callees, each function counted once per sample), and self time by package or app file.
// Usage: tsx scripts/bench/cpu-profile-summary.ts <file.cpuprofile> [rows] [pattern]
// With a pattern (a substring of "function file:line"), also: which callers the matching frames' time
// (self + callees) came through, by the first caller outside the pattern.
// PROFILE_LAST_S=<seconds>: only the samples of the profile's last so many seconds (a bench's load phase);
// PROFILE_FROM_S / PROFILE_TO_S: only those between so many seconds after the start.

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, rowsArg, pattern] = process.argv.slice(2);
if (!file) {
  console.error("usage: tsx scripts/bench/cpu-profile-summary.ts <file.cpuprofile> [rows]");
  process.exit(2);
}
const rows = Number(rowsArg ?? 30);
const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;

const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parentOf = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);

// Minified chunks (.next/server/chunks) are read through their source maps, so frames name app files.
const maps = new Map<string, SourceMap | null>();
function sourceMapOf(url: string): SourceMap | null {
  if (!maps.has(url)) {
    const path = url.startsWith("file://") ? fileURLToPath(url) : url;
    const mapPath = `${path}.map`;
    let map: SourceMap | null = null;
    if (path.includes("/.next/") && existsSync(mapPath)) {
      const payload = JSON.parse(readFileSync(mapPath, "utf8"));
      if (payload.sections || payload.mappings) map = new SourceMap(payload);
    }
    maps.set(url, map);
  }
  return maps.get(url) ?? null;
}
for (const node of profile.nodes) {
  const frame = node.callFrame;
  const entry = frame.url ? sourceMapOf(frame.url)?.findEntry(frame.lineNumber, frame.columnNumber) : undefined;
  if (entry && "originalSource" in entry && typeof entry.originalSource === "string") {
    const found = entry as { originalSource: string; originalLine: number; name?: string };
    frame.url = found.originalSource.replace(/^turbopack:\/\/\/\[project\]\//, "");
    frame.lineNumber = found.originalLine;
    if (found.name) frame.functionName = found.name;
  }
}

const shortUrl = (url: string) =>
  url
    .replace(/^file:\/\//, "")
    .replace(/^.*\/node_modules\//, "~/")
    .replace(/^.*\/\.next\//, ".next/");
const frameName = (node: ProfileNode) =>
  `${node.callFrame.functionName || "(anonymous)"} ${shortUrl(node.callFrame.url)}:${node.callFrame.lineNumber + 1}`;
/** "~/ews-javascript-api", ".next/server/chunks/…", "(program)": where the time is spent, coarsely. */
const areaOf = (node: ProfileNode) => {
  const url = shortUrl(node.callFrame.url);
  if (!url) return node.callFrame.functionName.startsWith("(") ? node.callFrame.functionName : "(native)";
  if (url.startsWith("~/")) {
    const parts = url.slice(2).split("/");
    return `~/${parts[0]?.startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0]}`;
  }
  return url.startsWith("node:") ? "node: (core)" : url;
};

const self = new Map<string, number>();
const total = new Map<string, number>();
const areas = new Map<string, number>();
const callers = new Map<string, number>();
let all = 0;
const elapsed: number[] = [];
profile.timeDeltas.reduce((sum, delta, index) => {
  elapsed[index] = sum + delta;
  return sum + delta;
}, 0);
const end = elapsed[elapsed.length - 1] ?? 0;
const { PROFILE_LAST_S, PROFILE_FROM_S, PROFILE_TO_S } = process.env;
const from = PROFILE_LAST_S
  ? end - Number(PROFILE_LAST_S) * 1e6
  : PROFILE_FROM_S
    ? Number(PROFILE_FROM_S) * 1e6
    : Number.NEGATIVE_INFINITY;
const to = PROFILE_TO_S ? Number(PROFILE_TO_S) * 1e6 : Number.POSITIVE_INFINITY;
profile.samples.forEach((sample, index) => {
  const at = elapsed[index] ?? 0;
  if (at < from || at > to) return;
  const ms = (profile.timeDeltas[index] ?? 0) / 1000;
  all += ms;
  const leaf = byId.get(sample);
  if (!leaf) return;
  self.set(frameName(leaf), (self.get(frameName(leaf)) ?? 0) + ms);
  areas.set(areaOf(leaf), (areas.get(areaOf(leaf)) ?? 0) + ms);
  if (pattern) {
    // The outermost matching frame on the stack, and the frame that called it.
    let caller: string | undefined;
    for (let id: number | undefined = sample; id !== undefined; id = parentOf.get(id)) {
      const node = byId.get(id);
      const parentId = parentOf.get(id);
      const parent = parentId === undefined ? undefined : byId.get(parentId);
      if (node && frameName(node).includes(pattern) && !(parent && frameName(parent).includes(pattern))) {
        caller = parent ? `${frameName(node)} ← ${frameName(parent)}` : frameName(node);
      }
    }
    if (caller) callers.set(caller, (callers.get(caller) ?? 0) + ms);
  }
  const seen = new Set<string>();
  for (let id: number | undefined = sample; id !== undefined; id = parentOf.get(id)) {
    const node = byId.get(id);
    if (!node) break;
    const name = frameName(node);
    if (seen.has(name)) continue;
    seen.add(name);
    total.set(name, (total.get(name) ?? 0) + ms);
  }
});

const print = (title: string, map: Map<string, number>) => {
  console.log(`\n${title}`);
  for (const [name, ms] of [...map].sort((a, b) => b[1] - a[1]).slice(0, rows)) {
    console.log(`${ms.toFixed(0).padStart(8)} ms ${((100 * ms) / all).toFixed(1).padStart(5)}%  ${name}`);
  }
};
console.log(`${file}: ${all.toFixed(0)} ms sampled`);
print("Self time by area", areas);
print("Self time", self);
print("Total time", total);
if (pattern) print(`Callers of "${pattern}"`, callers);
