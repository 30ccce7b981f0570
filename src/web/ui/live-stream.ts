import { useEffect, useRef, useState } from "react";
import type { DeploymentEvent, IncidentEvent } from "./api-types";

export type StreamStatus = "connecting" | "live" | "reconnecting";

export interface StreamHandlers {
  deployment(e: DeploymentEvent): void;
  incident(e: IncidentEvent): void;
  /** events were missed (server restarted, client too slow): refetch */
  reset(): void;
}

/**
 * GET /api/v1/stream as a hook: calls the handlers for each accepted deployment or incident. EventSource reconnects
 * by itself and sends Last-Event-ID, so a short drop loses nothing.
 */
export function useLiveStream(handlers: StreamHandlers): StreamStatus {
  const [status, setStatus] = useState<StreamStatus>("connecting");
  const current = useRef(handlers);
  current.current = handlers;
  useEffect(() => {
    const source = new EventSource("/api/v1/stream");
    const parse = (e: MessageEvent<string>): unknown => {
      try {
        return JSON.parse(e.data);
      } catch {
        return undefined;
      }
    };
    source.onopen = () => setStatus("live");
    source.onerror = () =>
      setStatus(source.readyState === EventSource.CLOSED ? "reconnecting" : "reconnecting");
    source.addEventListener("deployment", (e) => {
      const data = parse(e);
      if (data !== undefined) current.current.deployment(data as DeploymentEvent);
    });
    source.addEventListener("incident", (e) => {
      const data = parse(e);
      if (data !== undefined) current.current.incident(data as IncidentEvent);
    });
    source.addEventListener("reset", () => current.current.reset());
    return () => source.close();
  }, []);
  return status;
}
