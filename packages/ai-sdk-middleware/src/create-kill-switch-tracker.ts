import type { EvaluateActionResult, KillSwitchState, SentrailClient, ToolName } from "@sentrail/client";

/** Every tool name of the contract (§2): a status poll's `toolsPaused` is complete over these. */
const TOOL_NAMES: readonly ToolName[] = ["github", "linear", "slack", "notion", "internal_api", "mcp"];

/** What the tracker believes now, from observations younger than the TTL. */
export interface SentrailKillSwitchView {
  /** The global kill switch was seen on. */
  global: boolean;
  /** Tools seen paused. */
  toolsPaused: ToolName[];
  /** When the newest observation behind this view was made (ms, the tracker's clock); `null` when none is fresh. */
  observedAt: number | null;
}

/** Options of {@link createKillSwitchTracker}. */
export interface KillSwitchTrackerOptions {
  /** Status polls for a refresh (`getApprovalStatus`); without it the tracker only learns from the guard. */
  client?: Pick<SentrailClient, "getApprovalStatus">;
  /** How long an observation counts. Default 30 000 ms. */
  ttlMs?: number;
  /** Clock, for tests. Default `Date.now`. */
  now?: () => number;
  /** Timeout of one refresh poll. Default 2 000 ms. */
  refreshTimeoutMs?: number;
}

/** Learns the kill-switch state from what the guard sees, and refreshes it with a cheap status poll. */
export interface KillSwitchTracker {
  /** An evaluation answer for a call of Sentrail tool `tool`. */
  observeEvaluation(tool: ToolName, evaluation: EvaluateActionResult): void;
  /** A status poll (full state); `correlationId` is remembered as the refresh source. */
  observePoll(killSwitch: KillSwitchState, correlationId: string | null): void;
  /** The current view; refreshes first (one status GET) when the last full state is older than the TTL. */
  view(): Promise<SentrailKillSwitchView>;
}

interface Observation {
  on: boolean;
  at: number;
}

/**
 * Creates the kill-switch tracker behind the tool-filter middleware. Agents cannot read the kill
 * switch directly (its endpoint needs a user JWT), so the tracker learns it from three sources:
 *
 * 1. evaluation answers: a `block` with no policy and reason `Kill switch is active` or
 *    `Tool <tool> is paused` (contract §16 steps 2–3) turns it on; any `allow`/`require_approval` for a
 *    tool shows the global switch off and that tool not paused;
 * 2. approval status polls of the guard (`killSwitch` in every poll, §4.3), the full state;
 * 3. a refresh: when the last full state is older than `ttlMs`, `view()` polls the status of the most
 *    recent approval it knows (a read-only GET, no audit row). Without any approval seen there is
 *    nothing to poll, and observations simply expire after `ttlMs`.
 *
 * Limits: the view can lag the real switch by up to `ttlMs`, and says nothing before the first
 * observation. It only hides tools; enforcement stays in the guard, which asks Sentrail for every call.
 * A failed refresh keeps the previous observations (they still expire).
 *
 * @example
 * ```ts
 * const tracker = createKillSwitchTracker({ client, ttlMs: 15_000 });
 * tracker.observePoll({ global: true, enabledAt: null, enabledBy: null, toolsPaused: [] }, correlationId);
 * (await tracker.view()).global; // => true
 * ```
 */
export function createKillSwitchTracker(options: KillSwitchTrackerOptions = {}): KillSwitchTracker {
  const ttlMs = options.ttlMs ?? 30_000;
  const now = options.now ?? Date.now;
  let global: Observation | null = null;
  const tools = new Map<ToolName, Observation>();
  let snapshotAt = Number.NEGATIVE_INFINITY;
  let source: string | null = null;
  let refreshing: Promise<void> | null = null;

  const fresh = (observation: Observation | null | undefined): observation is Observation =>
    observation != null && now() - observation.at < ttlMs;

  const observePoll = (killSwitch: KillSwitchState, correlationId: string | null) => {
    const at = now();
    global = { on: killSwitch.global, at };
    for (const tool of TOOL_NAMES) tools.set(tool, { on: killSwitch.toolsPaused.includes(tool), at });
    snapshotAt = at;
    if (correlationId) source = correlationId;
  };

  const refresh = async () => {
    const correlationId = source;
    if (!options.client || correlationId === null) return;
    try {
      const update = await options.client.getApprovalStatus(correlationId, {
        retries: 0,
        timeoutMs: options.refreshTimeoutMs ?? 2_000,
      });
      observePoll(update.killSwitch, correlationId);
    } catch (error) {
      // A 404 means the id is gone (another workspace, purged): stop using it. Anything else: try later.
      if ((error as { status?: unknown }).status === 404 && source === correlationId) source = null;
      snapshotAt = now();
    }
  };

  return {
    observeEvaluation(tool, evaluation) {
      const at = now();
      if (evaluation.decision !== "block") {
        global = { on: false, at };
        tools.set(tool, { on: false, at });
        if (evaluation.decision === "require_approval") source = evaluation.correlationId;
        return;
      }
      if (evaluation.matchedPolicyId !== null) return;
      if (evaluation.reason === "Kill switch is active") global = { on: true, at };
      else if (evaluation.reason === `Tool ${tool} is paused`) tools.set(tool, { on: true, at });
    },
    observePoll,
    async view() {
      if (now() - snapshotAt >= ttlMs && source !== null && options.client) {
        refreshing ??= refresh().finally(() => {
          refreshing = null;
        });
        await refreshing;
      }
      const paused = TOOL_NAMES.filter((tool) => {
        const observation = tools.get(tool);
        return fresh(observation) && observation.on;
      });
      const observations = [global, ...tools.values()].filter(fresh);
      return {
        global: fresh(global) && global.on,
        toolsPaused: paused,
        observedAt: observations.length === 0 ? null : Math.max(...observations.map((o) => o.at)),
      };
    },
  };
}
