import { Link } from "../components/Link";
import { useDashboard } from "../dashboard-context";

export function NotFoundView() {
  const { location } = useDashboard();
  return (
    <section className="error-panel" role="alert" aria-labelledby="nf-title" data-testid="not-found">
      <h1 id="nf-title">No page at {location.path}</h1>
      <p>
        The views are <Link href="/">Executive</Link>, <Link href="/on-call">On-call</Link>,{" "}
        <Link href="/value-stream">Value stream</Link> and <Link href="/deployments">Deployments</Link>.
      </p>
    </section>
  );
}
