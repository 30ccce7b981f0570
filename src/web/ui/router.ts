import { type MouseEvent, useEffect, useState } from "react";

/** A small history-API router: the path picks the view, the query holds the filters. */
export interface Location {
  path: string;
  search: string;
}

const listeners = new Set<() => void>();

function current(): Location {
  return { path: window.location.pathname, search: window.location.search };
}

export function navigate(href: string, replace = false): void {
  if (replace) window.history.replaceState(null, "", href);
  else window.history.pushState(null, "", href);
  for (const l of listeners) l();
  if (!replace) window.scrollTo(0, 0);
}

export function useLocation(): Location {
  const [location, setLocation] = useState(current);
  useEffect(() => {
    const update = () => setLocation(current());
    listeners.add(update);
    window.addEventListener("popstate", update);
    return () => {
      listeners.delete(update);
      window.removeEventListener("popstate", update);
    };
  }, []);
  return location;
}

/** For <a onClick>: a plain left click navigates in the page; others (new tab, …) keep the browser's way. */
export function onLinkClick(event: MouseEvent<HTMLAnchorElement>): void {
  if (
    event.defaultPrevented ||
    event.button !== 0 ||
    event.metaKey ||
    event.ctrlKey ||
    event.shiftKey ||
    event.altKey
  )
    return;
  const href = event.currentTarget.getAttribute("href");
  if (href === null || !href.startsWith("/") || href.startsWith("/api/") || href.startsWith("/docs/")) return;
  event.preventDefault();
  navigate(href);
}
