import { Panel } from "../../components/Panel";

/** Error budgets need SLOs; Stride does not take SLO events yet, so this says what to do meanwhile. */
export function SloNote() {
  return (
    <Panel id="slo-note" title="Error budgets">
      <p>
        No SLOs are defined, so there is no error-budget summary yet. SLOs (a service, an indicator such as
        availability, an objective such as 99.9 % over 28 days) and their SLI samples are the next event types
        Stride takes; until then, the change failure rate and time to restore above are the reliability
        signals.
      </p>
      <p>
        To be ready: write down each service's SLO, and send its incidents with the services they hit (
        <a href="/docs/events.md">docs/events.md</a>, type <code>incident</code>).
      </p>
    </Panel>
  );
}
