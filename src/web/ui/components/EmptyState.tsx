import { SendDataHelp } from "./SendDataHelp";

/** A view with nothing to show yet: says why, and how to send data. */
export function EmptyState(props: { title: string; why: string }) {
  return (
    <section className="empty-state" aria-labelledby="empty-title" data-testid="empty-state">
      <h2 id="empty-title">{props.title}</h2>
      <p>{props.why}</p>
      <SendDataHelp />
    </section>
  );
}
