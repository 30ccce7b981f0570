import type { ReactNode } from "react";

/** A titled section of a view. */
export function Panel(props: {
  id: string;
  title: string;
  children: ReactNode;
  actions?: ReactNode;
  wide?: boolean;
}) {
  return (
    <section
      className={props.wide ? "panel panel-wide" : "panel"}
      aria-labelledby={`${props.id}-title`}
      data-testid={props.id}
    >
      <header className="panel-head">
        <h2 id={`${props.id}-title`}>{props.title}</h2>
        {props.actions}
      </header>
      {props.children}
    </section>
  );
}
