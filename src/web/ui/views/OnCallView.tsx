import { useEffect, useState } from "react";
import type { DeploymentEvent, IncidentEvent } from "../api-types";
import { useDashboard } from "../dashboard-context";
import { useLiveStream } from "../live-stream";
import { FailedDeployments } from "./on-call/FailedDeployments";
import { IncidentRecovery } from "./on-call/IncidentRecovery";
import { LiveDeployments } from "./on-call/LiveDeployments";
import { OpenIncidents } from "./on-call/OpenIncidents";
import { useScopeMatcher } from "./on-call/scope";

/** For whoever is on call: what is being deployed now (live), what is broken, what failed, how fast it recovered. */
export function OnCallView() {
  const { filters } = useDashboard();
  const inScope = useScopeMatcher();
  const [live, setLive] = useState<{
    deployments: DeploymentEvent[];
    incidents: IncidentEvent[];
    generation: number;
  }>({
    deployments: [],
    incidents: [],
    generation: 0,
  });
  const [announce, setAnnounce] = useState("");
  const [tick, setTick] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setTick(Date.now()), 30_000);
    return () => clearInterval(t);
  }, []);
  const status = useLiveStream({
    deployment(e) {
      if (!inScope(e.service, e.environment)) return;
      setLive((l) => ({
        ...l,
        deployments: [e, ...l.deployments.filter((d) => d.id !== e.id)].slice(0, 100),
      }));
      setAnnounce(`Deployment ${e.id}: ${e.service} to ${e.environment}, ${e.status}`);
      setTick(Date.now());
    },
    incident(e) {
      if (!e.services.some((s) => inScope(s, e.environment ?? filters.env ?? ""))) return;
      setLive((l) => ({ ...l, incidents: [e, ...l.incidents.filter((i) => i.id !== e.id)].slice(0, 100) }));
      setAnnounce(`Incident ${e.title ?? e.id}${e.resolvedAt ? " resolved" : ""}`);
    },
    reset() {
      setLive((l) => ({ deployments: [], incidents: [], generation: l.generation + 1 }));
    },
  });
  return (
    <div className="view">
      <h1>On call</h1>
      <p className="live-status" data-testid="live-status" data-status={status}>
        <span className={`dot dot-${status}`} aria-hidden="true" />
        {status === "live"
          ? "Live: new deployments and incidents appear here as Stride accepts them"
          : status === "connecting"
            ? "Connecting to the live stream…"
            : "Live stream interrupted; reconnecting…"}
      </p>
      <p className="sr-only" aria-live="polite">
        {announce}
      </p>
      <div className="grid-2">
        <OpenIncidents live={live.incidents} generation={live.generation} now={tick} />
        <LiveDeployments live={live.deployments} generation={live.generation} />
        <FailedDeployments generation={live.generation} />
        <IncidentRecovery generation={live.generation} />
      </div>
    </div>
  );
}
