import { createSentrailAdminClient } from "@sentrail/client/admin";
import { useEffect, useMemo, useState } from "preact/hooks";
import { ApprovalList } from "./approval-list.js";
import { type AuditFilters, AuditLogView } from "./audit-log-view.js";
import { describeUser } from "./describe-user.js";
import { formatTimestamp } from "./format-timestamp.js";
import { KillSwitchPanel } from "./kill-switch-panel.js";
import { PolicyList } from "./policy-list.js";
import {
  DECIDING_ROLES,
  KILL_SWITCH_ROLES,
  type ReviewerSession,
  reviewerSession,
} from "./reviewer-session.js";
import { SignInForm } from "./sign-in-form.js";
import { useMockState } from "./use-mock-state.js";
import { useTickingClock } from "./use-ticking-clock.js";

const VIEWS = [
  { id: "approvals", label: "Approvals" },
  { id: "audit", label: "Audit log" },
  { id: "kill-switch", label: "Kill switch" },
  { id: "policies", label: "Policies" },
] as const;
type View = (typeof VIEWS)[number]["id"];

const NO_FILTERS: AuditFilters = { decision: "", tool: "", agent: "", correlationId: "" };
/** How often the page re-reads `GET /__mock/state`. */
const POLL_INTERVAL_MS = 1000;

/**
 * The reviewer page served by `sentrail-mock` at `/`: sign in as a seeded user, then Approvals, Audit
 * log, Kill switch and Policies for that user's workspace, live from `GET /__mock/state`. Every change
 * goes through the public endpoints with `@sentrail/client/admin` and the user's token, so the mock
 * enforces roles exactly as for any other client. Views are addressed by the URL hash (`#audit`).
 *
 * How it fails: when the state cannot be read, a banner says so and the last state stays on screen; a
 * session whose user is no longer seeded (after `/__mock/reset`) is signed out.
 *
 * @example
 * render(<ReviewerApp />, document.getElementById("app")!);
 */
export function ReviewerApp() {
  const { state, error, clockOffsetMs, refresh } = useMockState(POLL_INTERVAL_MS);
  const [session, setSession] = useState<ReviewerSession | null>(() => reviewerSession.read());
  const [view, setView] = useState<View>(() => readView());
  const [filters, setFilters] = useState<AuditFilters>(NO_FILTERS);
  const nowMs = useTickingClock(1000, clockOffsetMs);

  useEffect(() => {
    const onHash = () => setView(readView());
    window.addEventListener("hashchange", onHash);
    return () => window.removeEventListener("hashchange", onHash);
  }, []);

  const token = session?.token ?? "";
  const admin = useMemo(
    () =>
      createSentrailAdminClient({ baseUrl: `${window.location.origin}/functions/v1`, accessToken: token }),
    [token],
  );

  const member =
    session && state
      ? state.members.find(
          (row) => row.user_id === session.userId && row.workspace_id === session.workspaceId,
        )
      : undefined;
  // A reset or re-seeded mock no longer knows the user: back to the picker.
  useEffect(() => {
    if (session && state && !member) signIn(null);
  }, [session, state, member]);

  function signIn(next: ReviewerSession | null) {
    reviewerSession.write(next);
    setSession(next);
  }

  function showLifecycle(correlationId: string) {
    setFilters({ ...NO_FILTERS, correlationId });
    window.location.hash = "audit";
  }

  const workspace = member ? state?.workspaces.find((row) => row.id === member.workspace_id) : undefined;

  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <p class="brand">
          <strong>Sentrail mock</strong> · reviewer
        </p>
        {workspace && member && state ? (
          <div class="who">
            <span>
              {workspace.name} <span class="muted">({workspace.environment})</span>
            </span>
            <span>
              Signed in as <strong>{member.email ?? member.user_id}</strong> ({member.role})
            </span>
            <button type="button" class="link" onClick={() => signIn(null)}>
              Switch user
            </button>
          </div>
        ) : null}
      </header>
      {workspace && member && state ? (
        <nav aria-label="Views">
          <ul>
            {VIEWS.map((item) => (
              <li key={item.id}>
                <a href={`#${item.id}`} aria-current={view === item.id ? "page" : undefined}>
                  {item.label}
                  {item.id === "approvals" ? ` (${pendingCount(state, workspace.id)})` : ""}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      <main id="main" tabIndex={-1}>
        {error ? (
          <p role="alert" class="error banner">
            Cannot read the mock's state: {error}. Showing what was last read; retrying every second.
          </p>
        ) : null}
        {workspace?.killSwitch.global && state ? (
          <p class="banner kill" role="status">
            Kill switch is ON since {formatTimestamp(workspace.killSwitch.enabledAt)} (by{" "}
            {describeUser(state, workspace.killSwitch.enabledBy)}): every agent call is blocked.
          </p>
        ) : null}
        {!state ? (
          <p aria-busy="true">Reading the mock's state…</p>
        ) : !session || !member || !workspace ? (
          <SignInForm state={state} onSignedIn={signIn} />
        ) : view === "audit" ? (
          <AuditLogView
            state={state}
            workspaceId={workspace.id}
            filters={filters}
            onFiltersChange={setFilters}
          />
        ) : view === "kill-switch" ? (
          <KillSwitchPanel
            state={state}
            workspaceId={workspace.id}
            canChange={KILL_SWITCH_ROLES.has(member.role)}
            role={member.role}
            admin={admin}
            refresh={refresh}
          />
        ) : view === "policies" ? (
          <PolicyList state={state} workspaceId={workspace.id} />
        ) : (
          <ApprovalList
            state={state}
            workspaceId={workspace.id}
            nowMs={nowMs}
            canDecide={DECIDING_ROLES.has(member.role)}
            role={member.role}
            admin={admin}
            refresh={refresh}
            onShowLifecycle={showLifecycle}
          />
        )}
      </main>
    </>
  );
}

function readView(): View {
  const hash = window.location.hash.replace(/^#/, "");
  return VIEWS.find((item) => item.id === hash)?.id ?? "approvals";
}

function pendingCount(
  state: { approvalRequests: Array<{ workspace_id: string; status: string }> },
  id: string,
) {
  return state.approvalRequests.filter((row) => row.workspace_id === id && row.status === "pending").length;
}
