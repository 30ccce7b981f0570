import { useDashboard } from "../dashboard-context";
import type { FilterProblem } from "../filters";
import { withoutParam } from "../filters";
import { Link } from "./Link";

/** A URL whose filters cannot be answered: what is wrong with each, and a way back. */
export function BadUrl(props: { problems: FilterProblem[] }) {
  const { location } = useDashboard();
  return (
    <section
      className="error-panel bad-url"
      role="alert"
      aria-labelledby="bad-url-title"
      data-testid="bad-url"
    >
      <h2 id="bad-url-title">This link's filters cannot be shown</h2>
      <ul>
        {props.problems.map((p) => (
          <li key={`${p.param}:${p.message}`}>
            {p.message}.{" "}
            <Link href={`${location.path}${withoutParam(location.search, p.param)}`}>Remove “{p.param}”</Link>
          </li>
        ))}
      </ul>
      <p>
        <Link href={location.path === "/" ? "/" : location.path}>Show this view without filters</Link> ·{" "}
        <Link href="/">Back to the executive view</Link>
      </p>
    </section>
  );
}
