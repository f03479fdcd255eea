import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { MessageChannel, type MessagePort, Worker } from "node:worker_threads";

/**
 * Schema checks that pay for compiling Microsoft's schema once per process, not once per document:
 * a worker thread keeps one xmllint run (libxml2 as wasm, the same xmllint-wasm build the response
 * checks use) alive and feeds it documents one after another (see schema-worker.mjs). A check is a
 * message round trip plus libxml2's own validation, about a millisecond for an EWS request.
 */

/**
 * Microsoft's messages.xsd/types.xsd with the helpers/ driver schemas: ews-simulator/schema is a copy of
 * the schema we were given (see its SOURCE.md); EWS_SCHEMA_DIR points elsewhere.
 */
const VENDORED_SCHEMA = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../schema");

export function findSchemaDirectory(): string {
  const dir = process.env.EWS_SCHEMA_DIR ?? VENDORED_SCHEMA;
  const required = ["messages.xsd", "types.xsd", "helpers/ews-body.xsd", "helpers/ews-envelope.xsd", "helpers/xml.xsd"];
  const missing = required.filter((file) => !existsSync(path.join(dir, file)));
  if (missing.length > 0) {
    throw new Error(
      `EWS schema files not found in ${dir} (missing: ${missing.join(", ")}). Expected Microsoft's messages.xsd/types.xsd ` +
        "with the helpers/ driver schemas in ews-simulator/schema, or in EWS_SCHEMA_DIR.",
    );
  }
  return dir;
}

/** What a document is checked as: a whole request envelope (strict body), a bare body element, or a lax envelope. */
export type SchemaDriver = "request-envelope" | "ews-body" | "ews-envelope";

export type SchemaCheck =
  | { valid: true }
  | {
      valid: false;
      /** libxml2's first diagnostic, without its file and category prefix. */
      message: string;
      line?: number;
      /** Every diagnostic, each as "line N: message". */
      errors: string[];
    };

export interface SchemaChecker {
  check(xml: string): Promise<SchemaCheck>;
  /** Resolves once the schema is compiled (checks sent before then wait for it). */
  ready(): Promise<void>;
  /** Starts compiling the schema in the background, without keeping the process alive for it. */
  start(): void;
}

/**
 * SOAP 1.1 envelope for requests: headers as SOAP's own schema has them (EWS header elements are checked
 * against types.xsd, others skipped), and exactly one body element, which must be declared in messages.xsd.
 */
const REQUEST_ENVELOPE_XSD = `<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:tns="http://schemas.xmlsoap.org/soap/envelope/"
           targetNamespace="http://schemas.xmlsoap.org/soap/envelope/">
  <xs:import namespace="http://www.w3.org/XML/1998/namespace" schemaLocation="helpers/xml.xsd"/>
  <xs:import namespace="http://schemas.microsoft.com/exchange/services/2006/messages" schemaLocation="messages.xsd"/>
  <xs:element name="Envelope">
    <xs:complexType>
      <xs:sequence>
        <xs:element ref="tns:Header" minOccurs="0"/>
        <xs:element ref="tns:Body"/>
      </xs:sequence>
      <xs:anyAttribute namespace="##other" processContents="lax"/>
    </xs:complexType>
  </xs:element>
  <xs:element name="Header">
    <xs:complexType>
      <xs:sequence>
        <xs:any namespace="##other" minOccurs="0" maxOccurs="unbounded" processContents="lax"/>
      </xs:sequence>
      <xs:anyAttribute namespace="##other" processContents="lax"/>
    </xs:complexType>
  </xs:element>
  <xs:element name="Body">
    <xs:complexType>
      <xs:sequence>
        <xs:any namespace="##other" processContents="strict"/>
      </xs:sequence>
      <xs:anyAttribute namespace="##any" processContents="lax"/>
    </xs:complexType>
  </xs:element>
</xs:schema>
`;

/**
 * Documents one xmllint run takes; a fresh run (with a fresh compile) takes over after, started early enough
 * to be ready by then. The file names go on xmllint's command line, which Emscripten puts on its small
 * fixed stack: about 2000 make xmllint hang, so stay well below.
 */
const DOCUMENTS_PER_RUN = 1000;
const PREPARE_NEXT_AFTER = 750;
const WORKER_FILE = new URL("./schema-worker.mjs", import.meta.url);

type SchemaFile = { fileName: string; contents: string };

function loadSchemaFiles(driver: SchemaDriver): { files: SchemaFile[]; driverFile: string } {
  const dir = findSchemaDirectory();
  const read = (file: string): SchemaFile => ({ fileName: file, contents: readFileSync(path.join(dir, file), "utf8") });
  const files = [read("helpers/xml.xsd"), read("messages.xsd"), read("types.xsd")];
  if (driver === "request-envelope") {
    return {
      files: [...files, { fileName: "request-envelope.xsd", contents: REQUEST_ENVELOPE_XSD }],
      driverFile: "request-envelope.xsd",
    };
  }
  const helper = `helpers/${driver}.xsd`;
  const extra = driver === "ews-envelope" ? [read("helpers/soap-envelope-min.xsd")] : [];
  return { files: [...files, ...extra, read(helper)], driverFile: helper };
}

const PREFIX = /^\/in\/\d+:(\d+): (.*)$/;

const withoutCategory = (text: string) =>
  text
    .replace(/^(element \S+: )?Schemas validity error : /, "")
    .replace(/^parser error : /, "")
    .trim();

/** The diagnostics (parser or validity errors) of one document, without xmllint's prefixes. */
function readDiagnostics(input: { index: number; lines: string[] }): SchemaCheck {
  if (input.lines.includes(`/in/${input.index} validates`)) return { valid: true };
  const located = input.lines.flatMap((line) => {
    const match = PREFIX.exec(line);
    return match ? [{ line: Number(match[1]), message: withoutCategory(match[2] ?? "") }] : [];
  });
  const first = located[0];
  return {
    valid: false,
    message: first?.message ?? "The document could not be validated.",
    line: first?.line,
    errors: located.length > 0 ? located.map((e) => `line ${e.line}: ${e.message}`) : input.lines,
  };
}

interface Waiting {
  resolve(check: SchemaCheck): void;
  reject(error: Error): void;
}

/** One xmllint run in a worker thread: takes up to DOCUMENTS_PER_RUN documents, answers them in order. */
class XmllintRun {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly wakeUp: Int32Array;
  private readonly waiting = new Map<number, Waiting>();
  private sent = 0;
  private holds = 0;
  private failure: Error | undefined;
  readonly started: Promise<void>;

  constructor(driver: SchemaDriver) {
    const { files, driverFile } = loadSchemaFiles(driver);
    const channel = new MessageChannel();
    const signal = new SharedArrayBuffer(4);
    this.port = channel.port1;
    this.wakeUp = new Int32Array(signal);
    this.worker = new Worker(WORKER_FILE, {
      workerData: { port: channel.port2, signal, files, driver: driverFile, capacity: DOCUMENTS_PER_RUN },
      transferList: [channel.port2],
    });
    let markStarted: () => void = () => {};
    let markFailed: (error: Error) => void = () => {};
    this.started = new Promise<void>((resolve, reject) => {
      markStarted = resolve;
      markFailed = reject;
    });
    this.started.catch(() => {});
    this.worker.on("message", (message: Record<string, unknown>) => {
      if (message.ready) markStarted();
      if (typeof message.index === "number") {
        const waiting = this.waiting.get(message.index);
        this.waiting.delete(message.index);
        waiting?.resolve(readDiagnostics({ index: message.index, lines: message.lines as string[] }));
      }
      if ("exited" in message || "aborted" in message) {
        this.fail(new Error(`The schema validator stopped (${JSON.stringify(message)}).`));
        markFailed(this.failure ?? new Error("stopped"));
        void this.worker.terminate();
      }
    });
    this.worker.on("error", (error) => {
      this.fail(error);
      markFailed(error);
    });
    this.worker.on("exit", () => this.fail(new Error("The schema validator's thread exited.")));
    // The thread keeps the process alive only while a check or a wait for it is pending. After the
    // listeners: adding a 'message' listener refs a port again.
    this.worker.unref();
    this.port.unref();
  }

  /** False once it has taken its last document or has failed: the caller starts a new run. */
  get usable(): boolean {
    return this.failure === undefined && this.sent < DOCUMENTS_PER_RUN;
  }

  get failed(): boolean {
    return this.failure !== undefined;
  }

  get documentsSent(): number {
    return this.sent;
  }

  check(xml: string): Promise<SchemaCheck> {
    const index = this.sent++;
    const answer = new Promise<SchemaCheck>((resolve, reject) => this.waiting.set(index, { resolve, reject }));
    this.port.postMessage({ xml });
    Atomics.store(this.wakeUp, 0, 1);
    Atomics.notify(this.wakeUp, 0);
    return this.holdingProcess(answer);
  }

  /** Keeps the process alive until `pending` settles (the thread is unref'd otherwise). */
  holdingProcess<T>(pending: Promise<T>): Promise<T> {
    if (this.holds++ === 0) this.worker.ref();
    const release = () => {
      if (--this.holds === 0) this.worker.unref();
    };
    pending.then(release, release);
    return pending;
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const waiting of this.waiting.values()) waiting.reject(this.failure);
    this.waiting.clear();
  }
}

function createSchemaChecker(driver: SchemaDriver): SchemaChecker {
  let run: XmllintRun | undefined;
  let next: XmllintRun | undefined;
  const current = (): XmllintRun => {
    if (!run?.usable) {
      run = next && !next.failed ? next : new XmllintRun(driver);
      next = undefined;
    }
    if (run.documentsSent >= PREPARE_NEXT_AFTER && !next) next = new XmllintRun(driver);
    return run;
  };
  return {
    check: (xml) => current().check(xml),
    ready: () => {
      const run = current();
      return run.holdingProcess(run.started);
    },
    start: () => void current(),
  };
}

const checkers = new Map<SchemaDriver, SchemaChecker>();

/** The process's checker for `driver`: every simulator (and test) in a process shares the compiled schema. */
export function getSchemaChecker(driver: SchemaDriver): SchemaChecker {
  let checker = checkers.get(driver);
  if (!checker) {
    checker = createSchemaChecker(driver);
    checkers.set(driver, checker);
  }
  return checker;
}
