// The schema validator's thread (plain JavaScript: a worker thread is started from a file, outside any
// TypeScript loader). It runs xmllint (libxml2 compiled to wasm, from xmllint-wasm) ONCE, as
//   xmllint --noout --nonet --schema <driver> /in/0 /in/1 /in/2 …
// so the schema is compiled once, and feeds it one request per "file": each /in/N is a device whose first
// read blocks this thread until the main thread hands over the next document. That first read of /in/N+1
// also means xmllint has finished /in/N, so its diagnostics so far are that document's result.
import { createRequire } from "node:module";
import { parentPort, receiveMessageOnPort, workerData } from "node:worker_threads";

const require = createRequire(import.meta.url);
// The package's Emscripten module; loading it also registers its own one-shot handler on parentPort,
// which ignores messages not tagged for it (ours never are).
const createXmllint = require("xmllint-wasm/xmllint-node.js");

/** @type {{ port: import("node:worker_threads").MessagePort; signal: SharedArrayBuffer; files: { fileName: string; contents: string }[]; driver: string; capacity: number }} */
const { port, signal, files, driver, capacity } = workerData;
const wakeUp = new Int32Array(signal);

/** Blocks until the main thread has posted the next document ({ xml }). */
function takeNextDocument() {
  for (;;) {
    const received = receiveMessageOnPort(port);
    if (received) return received.message;
    Atomics.wait(wakeUp, 0, 0);
    Atomics.store(wakeUp, 0, 0);
  }
}

/** @type {string[]} */
let diagnostics = [];
let reading = -1;

function reportFinished() {
  if (reading >= 0) parentPort?.postMessage({ index: reading, lines: diagnostics });
  reading = -1;
  diagnostics = [];
}

/** @param {Record<string, any>} xmllint @param {number} index */
function createInputDevice(xmllint, index) {
  /** @type {Buffer | undefined} */
  let bytes;
  let position = 0;
  xmllint.FS_createDevice("/in", String(index), () => {
    if (bytes === undefined) {
      reportFinished();
      bytes = Buffer.from(takeNextDocument().xml, "utf8");
      reading = index;
      if (index + 1 < capacity) createInputDevice(xmllint, index + 1);
    }
    return position < bytes.length ? (bytes[position++] ?? null) : null;
  });
}

// Emscripten adds FS_createPath, FS_createDevice, … to this same object.
/** @type {Record<string, any>} */
const xmllint = {
  inputFiles: files,
  arguments: ["--noout", "--nonet", "--schema", driver, ...Array.from({ length: capacity }, (_, i) => `/in/${i}`)],
  print() {},
  /** @param {string} line */
  printErr(line) {
    diagnostics.push(line);
  },
  onRuntimeInitialized() {
    xmllint.FS_createPath("/", "in", true, true);
    createInputDevice(xmllint, 0);
    parentPort?.postMessage({ ready: true });
  },
  /** @param {number} code */
  onExit(code) {
    reportFinished();
    parentPort?.postMessage({ exited: code });
  },
  /** @param {unknown} reason */
  onAbort(reason) {
    parentPort?.postMessage({ aborted: String(reason) });
  },
  // 1 GiB at most; the compiled EWS schema takes well under 100 MiB.
  wasmMemory: new WebAssembly.Memory({ initial: 256, maximum: 16384 }),
};

createXmllint(xmllint);
