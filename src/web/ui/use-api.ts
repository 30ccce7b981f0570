import { useEffect, useState } from "react";

export type Loaded<T> =
  | { state: "loading" }
  | { state: "error"; error: unknown }
  | { state: "ready"; data: T };

/** Runs `load` when `key` changes (aborting the previous one) and holds its outcome. */
export function useApi<T>(key: string, load: (signal: AbortSignal) => Promise<T>): Loaded<T> {
  const [result, setResult] = useState<{ key: string; loaded: Loaded<T> }>({
    key,
    loaded: { state: "loading" },
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` names everything `load` depends on
  useEffect(() => {
    const controller = new AbortController();
    setResult({ key, loaded: { state: "loading" } });
    load(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setResult({ key, loaded: { state: "ready", data } });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setResult({ key, loaded: { state: "error", error } });
      },
    );
    return () => controller.abort();
  }, [key]);
  return result.key === key ? result.loaded : { state: "loading" };
}
