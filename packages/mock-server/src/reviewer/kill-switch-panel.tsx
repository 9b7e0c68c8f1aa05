import type { KillSwitchInput, SentrailAdminClient } from "@sentrail/client/admin";
import { useEffect, useRef, useState } from "preact/hooks";
import { TOOL_NAMES, type ToolName } from "../engine/engine-types.js";
import type { MockState } from "../engine/snapshot-state.js";
import { describeRequestError } from "./describe-request-error.js";
import { describeUser } from "./describe-user.js";
import { formatTimestamp } from "./format-timestamp.js";

/** Props of {@link KillSwitchPanel}. */
export interface KillSwitchPanelProps {
  state: MockState;
  workspaceId: string;
  /** The signed-in user may change it (admin, owner). */
  canChange: boolean;
  role: string;
  admin: SentrailAdminClient;
  refresh(): Promise<MockState | null>;
}

interface PendingChange {
  input: KillSwitchInput;
  /** What the confirmation says will happen. */
  consequence: string;
  /** The confirm button's text. */
  confirmLabel: string;
}

/**
 * The Kill switch view (contract §4.6, §8): the global switch and each tool's pause, with who changed
 * them and when (the switch from the workspace state, pauses from their audit rows). Admins and owners
 * change them through `@sentrail/client/admin` (`kill-switch`), always after a confirmation step that
 * says what will happen; everyone else sees the state read-only.
 *
 * How it fails: a refused call (403 for a role below admin, a fault) is shown in an alert; the state
 * shown is always re-read from the mock, never assumed.
 *
 * @example
 * <KillSwitchPanel state={state} workspaceId={id} canChange role="admin" admin={admin} refresh={refresh} />
 */
export function KillSwitchPanel({
  state,
  workspaceId,
  canChange,
  role,
  admin,
  refresh,
}: KillSwitchPanelProps) {
  const [pending, setPending] = useState<PendingChange | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: "status" | "alert"; text: string } | null>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const messageRef = useRef<HTMLParagraphElement>(null);
  // Focus follows the step: to the confirm button when asked, to the answer once applied.
  useEffect(() => {
    if (pending) confirmRef.current?.focus();
  }, [pending]);
  useEffect(() => {
    if (message) messageRef.current?.focus();
  }, [message]);

  const workspace = state.workspaces.find((candidate) => candidate.id === workspaceId);
  if (!workspace) return <p>Workspace not found.</p>;
  const { killSwitch } = workspace;
  const connections = state.toolConnections.filter((row) => row.workspace_id === workspaceId);
  const audit = state.auditLogs.filter((row) => row.workspace_id === workspaceId && row.tool === "system");

  function lastChange(tool: ToolName): { by: string; at: string; action: string } | null {
    for (let index = audit.length - 1; index >= 0; index -= 1) {
      const row = audit[index];
      if (row && (row.action === `${tool}.pause_tool` || row.action === `${tool}.resume_tool`)) {
        const actor = (row.payload_preview as { actor?: unknown } | null)?.actor;
        return {
          by: describeUser(state, typeof actor === "string" ? actor : null),
          at: row.created_at,
          action: row.action,
        };
      }
    }
    return null;
  }

  async function apply(change: PendingChange) {
    setBusy(true);
    try {
      await admin.killSwitch(change.input);
      setMessage({ kind: "status", text: `Done: ${describeAction(change.input)}.` });
    } catch (error) {
      const { status, message: text } = describeRequestError(error);
      setMessage({
        kind: "alert",
        text: status === 403 ? `Not allowed: ${text} (your role is ${role}).` : `Not applied: ${text}`,
      });
    } finally {
      setBusy(false);
      setPending(null);
      await refresh();
    }
  }

  const ask = (change: PendingChange) => {
    setMessage(null);
    setPending(change);
  };

  return (
    <section aria-labelledby="kill-switch-title">
      <h2 id="kill-switch-title">Kill switch</h2>
      {!canChange ? (
        <p class="note">Your role ({role}) can see the kill switch; only admins and owners change it.</p>
      ) : null}
      <div class={`panel switch ${killSwitch.global ? "on" : "off"}`}>
        <h3>Global kill switch</h3>
        <p data-testid="kill-switch-state">
          {killSwitch.global ? (
            <>
              <strong>ON</strong>: every agent call is blocked, and approved calls are not replayed. Enabled
              by {describeUser(state, killSwitch.enabledBy)} at {formatTimestamp(killSwitch.enabledAt)}.
            </>
          ) : (
            <>
              <strong>Off</strong>: agent calls are decided by the policies.
            </>
          )}
        </p>
        {canChange ? (
          killSwitch.global ? (
            <button
              type="button"
              disabled={busy || pending !== null}
              onClick={() =>
                ask({
                  input: { workspaceId, action: "disable" },
                  consequence:
                    "Agent calls will be decided by the policies again. Calls refused meanwhile stay refused.",
                  confirmLabel: "Confirm: disable the kill switch",
                })
              }
            >
              Disable the kill switch…
            </button>
          ) : (
            <button
              type="button"
              class="danger"
              disabled={busy || pending !== null}
              onClick={() =>
                ask({
                  input: { workspaceId, action: "enable" },
                  consequence: `Every agent call in ${workspace.name} will be blocked, waiting calls end, and approving a held call will not replay it.`,
                  confirmLabel: "Confirm: enable the kill switch",
                })
              }
            >
              Enable the kill switch…
            </button>
          )
        ) : null}
      </div>
      {pending ? (
        <section class="panel confirm" aria-labelledby="confirm-title">
          <h3 id="confirm-title">Are you sure?</h3>
          <p>{pending.consequence}</p>
          <div class="buttons">
            <button
              ref={confirmRef}
              type="button"
              class="danger"
              disabled={busy}
              onClick={() => apply(pending)}
            >
              {pending.confirmLabel}
            </button>
            <button type="button" disabled={busy} onClick={() => setPending(null)}>
              Cancel
            </button>
          </div>
        </section>
      ) : null}
      {message ? (
        <p
          ref={messageRef}
          tabIndex={-1}
          role={message.kind}
          class={message.kind === "alert" ? "error" : "ok"}
        >
          {message.text}
        </p>
      ) : null}
      <h3>Tools</h3>
      <ul class="tools">
        {TOOL_NAMES.map((tool) => {
          const paused = killSwitch.toolsPaused.includes(tool);
          const connection = connections.find((row) => row.tool === tool);
          const change = lastChange(tool);
          return (
            <li key={tool} class={`panel tool ${paused ? "on" : "off"}`} aria-label={`Tool ${tool}`}>
              <p>
                <strong>{tool}</strong> · {connection ? "connected" : "not connected"} ·{" "}
                <span data-testid={`tool-${tool}-state`}>{paused ? "paused" : "running"}</span>
                {change ? (
                  <span class="muted">
                    {" "}
                    ({change.action.endsWith("pause_tool") ? "paused" : "resumed"} by {change.by} at{" "}
                    {formatTimestamp(change.at)})
                  </span>
                ) : null}
              </p>
              {canChange ? (
                <button
                  type="button"
                  disabled={busy || pending !== null}
                  onClick={() =>
                    ask(
                      paused
                        ? {
                            input: { workspaceId, action: "resume_tool", tool },
                            consequence: `Calls to ${tool} will be decided by the policies again.`,
                            confirmLabel: `Confirm: resume ${tool}`,
                          }
                        : {
                            input: { workspaceId, action: "pause_tool", tool },
                            consequence: `Every agent call to ${tool} will be blocked until it is resumed; other tools continue.`,
                            confirmLabel: `Confirm: pause ${tool}`,
                          },
                    )
                  }
                >
                  {paused ? `Resume ${tool}…` : `Pause ${tool}…`}
                </button>
              ) : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function describeAction(input: KillSwitchInput): string {
  switch (input.action) {
    case "enable":
      return "the kill switch is on";
    case "disable":
      return "the kill switch is off";
    case "pause_tool":
      return `${input.tool} is paused`;
    default:
      return `${input.tool} is resumed`;
  }
}
