import { ApiError } from "../api";
import { Link } from "./Link";

/** What failed, in the server's words, with its hint and a way on. */
export function ErrorPanel(props: { error: unknown; what: string; back?: { href: string; label: string } }) {
  const e = props.error;
  const api = e instanceof ApiError ? e : undefined;
  return (
    <div className="error-panel" role="alert" data-testid="error-panel">
      <h3>Could not load {props.what}</h3>
      {api !== undefined ? (
        <>
          <p>
            <code>{api.body.code}</code>: {api.body.message}
          </p>
          {api.body.hint !== undefined && <p className="hint">{api.body.hint}</p>}
          <p className="muted">
            Request: <code>GET {api.path}</code>
            {api.status > 0 && ` → ${api.status}`}
          </p>
        </>
      ) : (
        <p>{e instanceof Error ? e.message : String(e)}</p>
      )}
      {props.back !== undefined && (
        <p>
          <Link href={props.back.href}>{props.back.label}</Link>
        </p>
      )}
    </div>
  );
}
