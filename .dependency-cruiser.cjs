// Slotbridge's import rules, checked by `npm run check:imports` (part of `npm test`). Each rule names the
// boundary it keeps; lib/exchange/index.ts and the other faces say what crosses it.
const TESTS = "(\\.test\\.ts$|test-helpers(/|\\.ts$)|/testing/|^e2e/)";

module.exports = {
  forbidden: [
    {
      name: "no-circular",
      comment: "No module imports itself through others: the tree reads one way, top to bottom.",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    {
      name: "ews-library-only-in-the-gateway",
      comment:
        "ews-javascript-api is spoken only by the Exchange gateway and the connector (tests may use it as an independent client).",
      severity: "error",
      from: { pathNot: ["^(lib/exchange|connector)/", TESTS] },
      to: { path: "node_modules/ews-javascript-api/" },
    },
    {
      name: "exchange-through-its-face",
      comment:
        "Outside lib/exchange, the gateway is imported only through lib/exchange/index.ts (tests may use its testing/).",
      severity: "error",
      from: { pathNot: "^lib/exchange/" },
      to: { path: "^lib/exchange/", pathNot: "^lib/exchange/(index\\.ts|testing/)" },
    },
    {
      name: "exchange-holds-no-app-state",
      comment: "The gateway gets its access passed in: no database, env, jobs or connector queue inside it.",
      severity: "error",
      from: { path: "^lib/exchange/", pathNot: TESTS },
      to: { path: "^lib/(db|env|jobs|connectors|calendars|bookings|availability|team|auth|organisations)/" },
    },
    {
      name: "lib-stays-below-the-app",
      comment: "lib/ never imports routes, UI components or scripts.",
      severity: "error",
      from: { path: "^lib/" },
      to: { path: "^(app|components|scripts)/" },
    },
    {
      name: "simulator-only-in-tests-and-the-demo",
      comment: "The EWS simulator stands in for Exchange in tests, benchmarks and the demo, never in the app.",
      severity: "error",
      from: { path: "^(app|components|lib|proxy\\.ts|instrumentation\\.ts)", pathNot: `${TESTS}|^lib/demo/` },
      to: { path: "^ews-simulator/" },
    },
    {
      name: "demo-only-from-the-demo",
      comment: "The demo's seed (which starts the simulator) is reached only from the demo script and tests.",
      severity: "error",
      from: { path: "^(app|components|lib|proxy\\.ts|instrumentation\\.ts)", pathNot: `${TESTS}|^lib/demo/` },
      to: { path: "^lib/demo/" },
    },
    {
      name: "connector-imports-only-shared-faces",
      comment:
        "The on-premises connector is installed on its own: from the app it takes only the relay protocol and the faces of lib/exchange, lib/tls and lib/crypto.",
      severity: "error",
      from: { path: "^connector/", pathNot: TESTS },
      to: {
        path: "^(lib|app|components|scripts|ews-simulator)/",
        pathNot: "^lib/(connectors/protocol|exchange/index|tls/index|crypto/index)\\.ts$",
      },
    },
    {
      name: "calendars-below-bookings-and-connectors",
      comment:
        "Connections are what bookings and connectors build on: lib/calendars imports neither (what must run after a connect is handed in at start-up).",
      severity: "error",
      from: { path: "^lib/calendars/", pathNot: TESTS },
      to: { path: "^lib/(bookings|connectors)/" },
    },
    {
      name: "scheduling-stays-pure",
      comment: "The slot engine is pure: it owns its input types and imports no other part of the app.",
      severity: "error",
      from: { path: "^lib/scheduling/" },
      to: { path: "^(lib|app|components|ews-simulator)/", pathNot: "^lib/scheduling/" },
    },
    {
      name: "bookings-through-sub-folder-faces",
      comment: "Outside a lib/bookings sub-folder, it is imported only through its index.ts.",
      severity: "error",
      from: { pathNot: "^lib/bookings/[^/]+/" },
      to: { path: "^lib/bookings/[^/]+/", pathNot: "^lib/bookings/[^/]+/index\\.ts$" },
    },
    {
      name: "bookings-sub-folders-through-each-others-faces",
      comment: "One lib/bookings sub-folder reaches another only through the other's index.ts.",
      severity: "error",
      from: { path: "^lib/bookings/([^/]+)/" },
      to: { path: "^lib/bookings/[^/]+/", pathNot: "^lib/bookings/($1/|[^/]+/index\\.ts$)" },
    },
  ],
  options: {
    tsConfig: { fileName: "tsconfig.json" },
    tsPreCompilationDeps: true,
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(\\.next|\\.data|test-results)/" },
    enhancedResolveOptions: { conditionNames: ["import", "require", "node", "default", "types"] },
  },
};
