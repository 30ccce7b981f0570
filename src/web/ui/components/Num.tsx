import { Link } from "./Link";

/** A number that leads to the events behind it; the exact value rides along in data-value. */
export function Num(props: {
  text: string;
  value: number | null | undefined;
  href?: string;
  label?: string;
  testId?: string;
}) {
  const inner = (
    <span data-value={props.value ?? ""} data-testid={props.href === undefined ? props.testId : undefined}>
      {props.text}
    </span>
  );
  return props.href === undefined ? (
    inner
  ) : (
    <Link href={props.href} label={props.label} testId={props.testId}>
      {inner}
    </Link>
  );
}
