import { comparePolicyOrder } from "./compare-policy-order.js";
import { effectiveActionPattern } from "./effective-action-pattern.js";
import type { Policy } from "./engine-types.js";
import { matchesPolicy, type PolicyRequest } from "./matches-policy.js";

/** The policies of every workspace, indexed for evaluation. */
export interface PolicyIndex {
  /** Adds a policy (disabled ones are kept for listing but never indexed for matching). */
  add(policy: Policy): void;
  /** The first enabled policy of the workspace, in §5.2 order, that matches; undefined when none. */
  firstMatch(workspaceId: string, request: PolicyRequest): Policy | undefined;
  /** True when a policy with this id exists. */
  has(id: string): boolean;
  /** Every policy (of one workspace, when given), in creation order. */
  list(workspaceId?: string): Policy[];
  /** Forgets every policy. */
  reset(): void;
}

/** Policies of one tool key (a tool name or `"*"`) bucketed by what their action pattern can match. */
interface ToolBucket {
  /** Exact action patterns → policies, each list in evaluation order. */
  exact: Map<string, Policy[]>;
  /** Prefix patterns (text before the trailing `*`) → policies; `""` holds the `"*"` policies. */
  prefix: Map<string, Policy[]>;
  /** Distinct prefix lengths present, ascending, so lookups try only lengths that exist. */
  prefixLengths: number[];
  /** Policies with an exact `toolName` → policies: they can only match that MCP tool name. */
  byToolName: Map<string, Policy[]>;
}

/**
 * Creates the policy index. Evaluation never scans every policy: candidates are only the policies
 * filed under the request's tool or `"*"`, and within those only the ones whose action pattern can
 * match the action (its exact string, or one of its prefixes), or whose exact MCP `toolName` equals
 * the request's. Each candidate list is kept in evaluation order and scanned only while it can still
 * beat the best match found so far; the full §5.3 predicate decides every candidate, so the answer is
 * always the one a plain linear scan gives (see `findFirstMatchingPolicy`; a property test checks it).
 *
 * @example
 * const index = createPolicyIndex();
 * index.add(policy);
 * index.firstMatch(policy.workspaceId, request)?.name;
 */
export function createPolicyIndex(): PolicyIndex {
  let byWorkspace = new Map<string, Map<string, ToolBucket>>();
  let all: Policy[] = [];
  let ids = new Set<string>();

  function bucketFor(workspaceId: string, toolKey: string): ToolBucket {
    let tools = byWorkspace.get(workspaceId);
    if (!tools) {
      tools = new Map();
      byWorkspace.set(workspaceId, tools);
    }
    let bucket = tools.get(toolKey);
    if (!bucket) {
      bucket = { exact: new Map(), prefix: new Map(), prefixLengths: [], byToolName: new Map() };
      tools.set(toolKey, bucket);
    }
    return bucket;
  }

  return {
    add(policy) {
      all.push(policy);
      ids.add(policy.id);
      if (!policy.enabled) return;
      const bucket = bucketFor(policy.workspaceId, policy.tool);
      if (policy.toolName) {
        insertOrdered(listIn(bucket.byToolName, policy.toolName), policy);
        return;
      }
      const pattern = effectiveActionPattern(policy);
      if (pattern.kind === "exact") {
        insertOrdered(listIn(bucket.exact, pattern.text), policy);
        return;
      }
      insertOrdered(listIn(bucket.prefix, pattern.text), policy);
      const length = pattern.text.length;
      if (!bucket.prefixLengths.includes(length)) {
        bucket.prefixLengths.push(length);
        bucket.prefixLengths.sort((a, b) => a - b);
      }
    },
    firstMatch(workspaceId, request) {
      const tools = byWorkspace.get(workspaceId);
      if (!tools) return undefined;
      let best: Policy | undefined;
      for (const toolKey of [request.tool, "*"]) {
        const bucket = tools.get(toolKey);
        if (!bucket) continue;
        best = scan(bucket.exact.get(request.action), request, best);
        const action = request.action;
        for (const length of bucket.prefixLengths) {
          if (length > action.length) break;
          best = scan(bucket.prefix.get(length === 0 ? "" : action.slice(0, length)), request, best);
        }
        if (request.mcpToolName !== null)
          best = scan(bucket.byToolName.get(request.mcpToolName), request, best);
      }
      return best;
    },
    has: (id) => ids.has(id),
    list(workspaceId) {
      return workspaceId === undefined
        ? [...all]
        : all.filter((policy) => policy.workspaceId === workspaceId);
    },
    reset() {
      byWorkspace = new Map();
      all = [];
      ids = new Set();
    },
  };
}

/** First match in an ordered candidate list that comes before `best`; otherwise `best`. */
function scan(candidates: Policy[] | undefined, request: PolicyRequest, best: Policy | undefined) {
  if (!candidates) return best;
  for (const policy of candidates) {
    if (best && comparePolicyOrder(policy, best) >= 0) return best;
    if (matchesPolicy(policy, request)) return policy;
  }
  return best;
}

function listIn(map: Map<string, Policy[]>, key: string): Policy[] {
  let list = map.get(key);
  if (!list) {
    list = [];
    map.set(key, list);
  }
  return list;
}

/** Binary-search insertion keeping `list` in evaluation order. */
function insertOrdered(list: Policy[], policy: Policy): void {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (comparePolicyOrder(list[middle] as Policy, policy) <= 0) low = middle + 1;
    else high = middle;
  }
  list.splice(low, 0, policy);
}
