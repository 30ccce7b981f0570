import type { ReactNode } from "react";
import { onLinkClick } from "../router";

/** An in-page link: real href (new tab, copy link work), navigation without reload. */
export function Link(props: {
  href: string;
  children: ReactNode;
  className?: string;
  label?: string;
  testId?: string;
  current?: boolean;
}) {
  return (
    <a
      href={props.href}
      aria-current={props.current ? "page" : undefined}
      onClick={onLinkClick}
      className={props.className}
      aria-label={props.label}
      data-testid={props.testId}
    >
      {props.children}
    </a>
  );
}
