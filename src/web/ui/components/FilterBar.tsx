import { type FormEvent, type ReactNode, useId } from "react";
import { useDashboard } from "../dashboard-context";
import { benchmarks, buckets, DEFAULT_WINDOW, type Filters, filterQuery, windowPresets } from "../filters";
import { navigate } from "../router";

const commonZones = [
  "UTC",
  "Europe/London",
  "Europe/Berlin",
  "America/New_York",
  "America/Los_Angeles",
  "Asia/Tokyo",
];

/** The filters of every view; each change rewrites the URL (so the view can be shared) and reloads the numbers. */
export function FilterBar() {
  const { filters, catalogue, location } = useDashboard();
  const id = useId();
  const set = (patch: Partial<Filters>) => {
    const next: Filters = { ...filters, ...patch };
    if ("team" in patch && patch.team !== filters.team) next.service = undefined;
    navigate(`${location.path}${filterQuery(next)}`);
  };
  const teams = catalogue.state === "ready" ? catalogue.data.teams : [];
  const services =
    catalogue.state === "ready"
      ? catalogue.data.services
          .filter((s) => filters.team === undefined || s.team === filters.team)
          .map((s) => s.name)
      : [];
  const custom = filters.from !== undefined || filters.to !== undefined;
  const zones =
    filters.tz !== undefined && !commonZones.includes(filters.tz)
      ? [...commonZones, filters.tz]
      : commonZones;
  const onDates = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const from = String(data.get("from") ?? "");
    const to = String(data.get("to") ?? "");
    set({ from: from || undefined, to: to || undefined, window: undefined });
  };
  return (
    <section className="filters" aria-label="Filters" data-testid="filters">
      <Field id={`${id}-team`} label="Team">
        <select
          id={`${id}-team`}
          value={filters.team ?? ""}
          onChange={(e) => set({ team: e.target.value || undefined })}
        >
          <option value="">All teams</option>
          {withCurrent(teams, filters.team).map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </Field>
      <Field id={`${id}-service`} label="Service">
        <select
          id={`${id}-service`}
          value={filters.service ?? ""}
          onChange={(e) => set({ service: e.target.value || undefined })}
        >
          <option value="">All services</option>
          {withCurrent(services, filters.service).map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </Field>
      <Field id={`${id}-env`} label="Environment">
        <input
          id={`${id}-env`}
          list={`${id}-envs`}
          placeholder="production"
          defaultValue={filters.env ?? ""}
          key={filters.env ?? ""}
          onBlur={(e) =>
            e.target.value !== (filters.env ?? "") && set({ env: e.target.value.trim() || undefined })
          }
          onKeyDown={(e) => {
            if (e.key === "Enter") set({ env: e.currentTarget.value.trim() || undefined });
          }}
        />
        <datalist id={`${id}-envs`}>
          <option value="production" />
          <option value="staging" />
        </datalist>
      </Field>
      <Field id={`${id}-window`} label="Window">
        <select
          id={`${id}-window`}
          value={custom ? "custom" : (filters.window ?? DEFAULT_WINDOW)}
          onChange={(e) =>
            e.target.value !== "custom" && set({ window: e.target.value, from: undefined, to: undefined })
          }
        >
          {windowPresets.map((w) => (
            <option key={w} value={w}>
              last {w.replace("d", " days")}
            </option>
          ))}
          <option value="custom">custom dates</option>
        </select>
      </Field>
      <form className="dates" onSubmit={onDates} aria-label="Custom window">
        <Field id={`${id}-from`} label="From">
          <input
            id={`${id}-from`}
            name="from"
            type="date"
            defaultValue={filters.from?.slice(0, 10) ?? ""}
            key={`f${filters.from}`}
          />
        </Field>
        <Field id={`${id}-to`} label="To">
          <input
            id={`${id}-to`}
            name="to"
            type="date"
            defaultValue={filters.to?.slice(0, 10) ?? ""}
            key={`t${filters.to}`}
          />
        </Field>
        <button type="submit">Apply dates</button>
      </form>
      <Field id={`${id}-bucket`} label="Bucket">
        <select
          id={`${id}-bucket`}
          value={filters.bucket ?? ""}
          onChange={(e) => set({ bucket: e.target.value || undefined })}
        >
          <option value="">automatic</option>
          {buckets.map((b) => (
            <option key={b} value={b}>
              {b}
            </option>
          ))}
        </select>
      </Field>
      <Field id={`${id}-benchmark`} label="Benchmark">
        <select
          id={`${id}-benchmark`}
          value={filters.benchmark ?? "2023"}
          onChange={(e) => set({ benchmark: e.target.value === "2023" ? undefined : e.target.value })}
        >
          {benchmarks.map((b) => (
            <option key={b} value={b}>
              DORA {b}
            </option>
          ))}
        </select>
      </Field>
      <Field id={`${id}-tz`} label="Time zone">
        <select
          id={`${id}-tz`}
          value={filters.tz ?? "UTC"}
          onChange={(e) => set({ tz: e.target.value === "UTC" ? undefined : e.target.value })}
        >
          {zones.map((z) => (
            <option key={z} value={z}>
              {z}
            </option>
          ))}
        </select>
      </Field>
    </section>
  );
}

/** A label above its control (its own element, so the control's name is exactly the label). */
function Field(props: { id: string; label: string; children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      {props.children}
    </div>
  );
}

function withCurrent(list: string[], current: string | undefined): string[] {
  return current === undefined || list.includes(current) ? list : [...list, current];
}
