import { useState } from "preact/hooks";
import type { MockState } from "../engine/snapshot-state.js";
import { requestUserToken } from "./request-user-token.js";
import type { ReviewerSession } from "./reviewer-session.js";

/** Props of {@link SignInForm}. */
export interface SignInFormProps {
  state: MockState;
  onSignedIn(session: ReviewerSession): void;
}

/**
 * The user picker: every seeded member, by workspace, with their role. Signing in asks the mock for
 * that user's token (`POST /__mock/token`); nothing is checked here — the endpoints check the role on
 * every call, as the real service does.
 *
 * How it fails: a refused token request is shown in an alert next to the button.
 *
 * @example
 * <SignInForm state={state} onSignedIn={setSession} />
 */
export function SignInForm({ state, onSignedIn }: SignInFormProps) {
  const choices = state.members.map((member) => ({
    value: `${member.workspace_id}:${member.user_id}`,
    member,
    workspace:
      state.workspaces.find((workspace) => workspace.id === member.workspace_id)?.name ?? member.workspace_id,
  }));
  const [selected, setSelected] = useState(choices[0]?.value ?? "");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function signIn(event: Event) {
    event.preventDefault();
    const choice = choices.find((candidate) => candidate.value === selected);
    if (!choice) return;
    setBusy(true);
    setError(null);
    try {
      const token = await requestUserToken(choice.member.user_id, choice.member.email);
      onSignedIn({
        userId: choice.member.user_id,
        email: choice.member.email,
        workspaceId: choice.member.workspace_id,
        token,
      });
    } catch (cause) {
      setError(cause instanceof Error ? cause.message : String(cause));
    } finally {
      setBusy(false);
    }
  }

  if (choices.length === 0) {
    return (
      <section class="panel" aria-labelledby="sign-in-title">
        <h2 id="sign-in-title">Sign in</h2>
        <p>
          The mock has no seeded users. Seed members (<code>POST /__mock/seed</code> with <code>members</code>
          ) to review here.
        </p>
      </section>
    );
  }

  return (
    <section class="panel sign-in" aria-labelledby="sign-in-title">
      <h2 id="sign-in-title">Sign in</h2>
      <p>
        Pick a seeded user. The mock issues their token (<code>POST /__mock/token</code>); approvals, the kill
        switch and tool pauses then go through the real endpoints, which check the user's role.
      </p>
      <form onSubmit={signIn}>
        <label for="sign-in-user">User</label>
        <select
          id="sign-in-user"
          value={selected}
          onChange={(event) => setSelected((event.target as HTMLSelectElement).value)}
        >
          {choices.map((choice) => (
            <option key={choice.value} value={choice.value}>
              {`${choice.member.email ?? choice.member.user_id} — ${choice.member.role} — ${choice.workspace}`}
            </option>
          ))}
        </select>
        <button type="submit" class="primary" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </form>
      {error ? (
        <p role="alert" class="error">
          Could not sign in: {error}
        </p>
      ) : null}
    </section>
  );
}
