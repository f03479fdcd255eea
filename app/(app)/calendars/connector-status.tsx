import { Badge } from "@/components/ui/badge";
import type { ConnectorState } from "@/lib/calendars/connector-state";

export function when(date: Date | null) {
  return date ? `${date.toISOString().slice(0, 16).replace("T", " ")} UTC` : "never";
}

/** A connector's state in words: how it is reached now, or since when it is not. */
export function ConnectorStatus({ state }: { state: ConnectorState }) {
  const [tone, label] = ((): [Parameters<typeof Badge>[0]["tone"], string] => {
    switch (state.kind) {
      case "online":
        return ["brand", state.mode === "realtime" ? "Online (real time)" : "Online (auto-sync)"];
      case "offline":
        return ["red", state.since ? `Offline since ${when(state.since)}` : "Offline: never connected"];
      case "revoked":
        return ["red", `Revoked ${when(state.since)}`];
      case "waiting-for-pairing":
        return [
          "amber",
          state.codeExpiresAt && state.codeExpiresAt > new Date()
            ? `Waiting for pairing (code valid until ${when(state.codeExpiresAt)})`
            : "Not paired (the code expired)",
        ];
    }
  })();
  return (
    <Badge tone={tone}>
      <span data-testid="connector-status" data-status={state.kind === "online" ? state.mode : state.kind}>
        {label}
      </span>
    </Badge>
  );
}
