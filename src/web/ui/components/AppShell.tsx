import type { ReactNode } from "react";
import { useDashboard } from "../dashboard-context";
import { filterQuery } from "../filters";
import type { ThemePreference } from "../theme";
import { FilterBar } from "./FilterBar";
import { Link } from "./Link";

const views = [
  { path: "/", label: "Executive" },
  { path: "/on-call", label: "On-call" },
  { path: "/value-stream", label: "Value stream" },
  { path: "/deployments", label: "Deployments" },
];

/** Header (views, theme), the filters, and the view. */
export function AppShell(props: {
  children: ReactNode;
  showFilters: boolean;
  preference: ThemePreference;
  onPreference: (p: ThemePreference) => void;
}) {
  const { location, filters } = useDashboard();
  const active = (path: string) =>
    path === "/" ? location.path === "/" : location.path === path || location.path.startsWith(`${path}/`);
  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <Link href={`/${filterQuery(filters)}`} className="brand">
          Stride
        </Link>
        <nav aria-label="Views">
          <ul>
            {views.map((v) => (
              <li key={v.path}>
                <Link href={`${v.path}${filterQuery(filters)}`} current={active(v.path)}>
                  {v.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="theme-choice">
          <label htmlFor="theme-choice">Theme</label>
          <select
            id="theme-choice"
            value={props.preference}
            onChange={(e) => props.onPreference(e.target.value as ThemePreference)}
            data-testid="theme"
          >
            <option value="auto">system</option>
            <option value="light">light</option>
            <option value="dark">dark</option>
          </select>
        </div>
      </header>
      {props.showFilters && <FilterBar />}
      <main id="main" tabIndex={-1}>
        {props.children}
      </main>
    </>
  );
}
