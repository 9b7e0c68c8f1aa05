import type { WorkspaceRole } from "../engine/engine-types.js";

/** Who is signed in to the page: a seeded member of one workspace, with the token the mock issued. */
export interface ReviewerSession {
  userId: string;
  email: string | null;
  workspaceId: string;
  /** The unsigned JWT from `POST /__mock/token`. Kept in this tab's sessionStorage only. */
  token: string;
}

const STORAGE_KEY = "sentrail-mock-reviewer-session";

/** Roles that may approve or deny (contract §13.3). */
export const DECIDING_ROLES: ReadonlySet<WorkspaceRole> = new Set(["reviewer", "admin", "owner"]);
/** Roles that may use the kill switch and pause tools (contract §13.3). */
export const KILL_SWITCH_ROLES: ReadonlySet<WorkspaceRole> = new Set(["admin", "owner"]);

/**
 * Reads, writes or clears the signed-in user of this browser tab (sessionStorage, so two tabs can be
 * two reviewers). Unreadable storage reads as signed out.
 *
 * @example
 * reviewerSession.write(session); reviewerSession.read()?.userId;
 */
export const reviewerSession = {
  read(): ReviewerSession | null {
    try {
      const value = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? "null") as ReviewerSession | null;
      return value && typeof value.token === "string" && typeof value.userId === "string" ? value : null;
    } catch {
      return null;
    }
  },
  write(session: ReviewerSession | null): void {
    try {
      if (session) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
      else sessionStorage.removeItem(STORAGE_KEY);
    } catch {
      // Storage refused (private mode): the session lasts until reload.
    }
  },
};
