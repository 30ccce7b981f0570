/** Exactly how a new user gets data into Stride: a copy-paste curl, the docs, `stride import git`. */
export function SendDataHelp(props: { compact?: boolean }) {
  const origin = window.location.origin;
  const now = new Date();
  now.setUTCSeconds(0, 0);
  const curl =
    `curl -X POST ${origin}/api/v1/events -H 'Content-Type: application/json' \\\n` +
    `  -d '{"type":"deployment","service":"checkout","environment":"production","status":"success","finishedAt":"${now.toISOString()}"}'`;
  return (
    <div className="send-data" data-testid="send-data-help">
      <p>Send a deployment from your pipeline (this one appears on the on-call view at once):</p>
      <pre tabIndex={-1}>
        <code>{curl}</code>
      </pre>
      <p className="muted">
        When Stride runs with an ingest token (<code>STRIDE_INGEST_TOKEN</code>), add{" "}
        <code>-H 'Authorization: Bearer &lt;token&gt;'</code>.
      </p>
      {!props.compact && (
        <ul>
          <li>
            Incidents, commits, pull requests and CI runs use the same endpoint: the format is in{" "}
            <a href="/docs/events.md">docs/events.md</a> (every field) and the{" "}
            <a href="/api/openapi.json">OpenAPI document</a>.
          </li>
          <li>
            Import a repository's history and its release tags:{" "}
            <code>npx stride import git /path/to/repo</code>
          </li>
          <li>
            Try it on a realistic organisation: <code>npx stride demo</code>, or start with{" "}
            <code>npx stride serve --demo-if-empty</code>.
          </li>
          <li>
            How each number is defined: <a href="/docs/metrics.md">docs/metrics.md</a>.
          </li>
        </ul>
      )}
    </div>
  );
}
