import type { Tier } from "../api-types";
import { tierLabel } from "../format";

/** A DORA tier as a word on a coloured badge (the word carries the meaning, not the colour). */
export function TierBadge(props: { tier: Tier | null; benchmark?: string }) {
  if (props.tier === null) return <span className="tier tier-none">no tier</span>;
  return (
    <span
      className={`tier tier-${props.tier}`}
      title={props.benchmark ? `DORA ${props.benchmark} benchmark` : undefined}
    >
      {tierLabel[props.tier]}
    </span>
  );
}
