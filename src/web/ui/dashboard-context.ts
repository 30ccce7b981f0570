import { createContext, useContext } from "react";
import type { Catalogue, Params } from "./api";
import type { Filters } from "./filters";
import type { Location } from "./router";
import type { Theme } from "./theme";
import type { Loaded } from "./use-api";

/** What every view reads: the URL's filters, the API parameters they give, the catalogue, the theme. */
export interface Dashboard {
  location: Location;
  filters: Filters;
  params: Params;
  /** the instant preset windows end at (fixed per URL, to the minute) */
  now: number;
  catalogue: Loaded<Catalogue>;
  theme: Theme;
}

export const DashboardContext = createContext<Dashboard | null>(null);

export function useDashboard(): Dashboard {
  const d = useContext(DashboardContext);
  if (d === null) throw new Error("useDashboard outside DashboardContext");
  return d;
}
