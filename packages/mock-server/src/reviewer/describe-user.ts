import type { MockState } from "../engine/snapshot-state.js";

/**
 * A user id as the page shows it: the member's email when the mock knows one (any workspace),
 * else the id itself. Null → `"—"`.
 *
 * @example
 * describeUser(state, approval.reviewed_by); // "reviewer@example.com"
 */
export function describeUser(state: MockState, userId: string | null | undefined): string {
  if (!userId) return "—";
  const member = state.members.find((candidate) => candidate.user_id === userId && candidate.email);
  return member?.email ?? userId;
}
