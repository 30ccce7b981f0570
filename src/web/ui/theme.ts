import { useEffect, useState } from "react";

export type Theme = "light" | "dark";
export type ThemePreference = Theme | "auto";
const KEY = "stride-theme";

/** Chart colours per theme; the page's colours are the CSS variables in styles.css (kept in step). */
export const chartPalette: Record<
  Theme,
  { text: string; muted: string; grid: string; series: string[]; heat: string[] }
> = {
  light: {
    text: "#1b1f24",
    muted: "#57606a",
    grid: "#d0d7de",
    series: ["#0b5cad", "#b3261e", "#7a4c00", "#1a7f37", "#6639ba"],
    heat: ["#eef4fb", "#9ec5ee", "#2f7fd1", "#0b3d75"],
  },
  dark: {
    text: "#e6edf3",
    muted: "#9da7b3",
    grid: "#30363d",
    series: ["#6cb6ff", "#ff8182", "#e3b341", "#56d364", "#d2a8ff"],
    heat: ["#1c2430", "#1f4e7a", "#3b8eea", "#a5d6ff"],
  },
};

function readPreference(): ThemePreference {
  try {
    const v = window.localStorage.getItem(KEY);
    return v === "light" || v === "dark" ? v : "auto";
  } catch {
    return "auto";
  }
}

function systemTheme(): Theme {
  return window.matchMedia?.("(prefers-color-scheme: dark)").matches ? "dark" : "light";
}

/** The theme in force: the saved choice, else the system's; applied to <html data-theme>. */
export function useTheme(): {
  theme: Theme;
  preference: ThemePreference;
  setPreference(p: ThemePreference): void;
} {
  const [preference, setPref] = useState<ThemePreference>(readPreference);
  const [system, setSystem] = useState<Theme>(systemTheme);
  useEffect(() => {
    const media = window.matchMedia?.("(prefers-color-scheme: dark)");
    const onChange = () => setSystem(systemTheme());
    media?.addEventListener("change", onChange);
    return () => media?.removeEventListener("change", onChange);
  }, []);
  const theme = preference === "auto" ? system : preference;
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    document.documentElement.style.colorScheme = theme;
  }, [theme]);
  return {
    theme,
    preference,
    setPreference(p) {
      try {
        if (p === "auto") window.localStorage.removeItem(KEY);
        else window.localStorage.setItem(KEY, p);
      } catch {
        // storage may be disabled; the choice then lasts for this page
      }
      setPref(p);
    },
  };
}
