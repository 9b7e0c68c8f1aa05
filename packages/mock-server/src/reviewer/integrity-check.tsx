import { useEffect, useState } from "preact/hooks";
import { computeActionHash } from "../engine/compute-action-hash.js";
import type { ApprovalRequestRow, DeferredActionRow } from "../engine/engine-types.js";

/** Props of {@link IntegrityCheck}. */
export interface IntegrityCheckProps {
  approval: ApprovalRequestRow;
  /** The stored call (`deferred_actions`), absent for evaluate-action approvals. */
  deferred: DeferredActionRow | undefined;
}

type Verdict = "checking" | "verified" | "mismatch" | "unverifiable";

/**
 * The integrity of the stored action (contract §7.4): the approval's `action_hash`, and whether it is
 * the SHA-256 of the stored call (`target_url \n METHOD \n body`) recomputed here with Web Crypto and
 * equal to the deferred action's own hash. The mock checks the same before a replay; a mismatch means
 * approving will fail with `action_hash_mismatch`.
 *
 * How it fails: a stored call the state shows redacted (it carried a secret) cannot be rehashed: shown
 * as "not verifiable here", never as verified.
 *
 * @example
 * <IntegrityCheck approval={approval} deferred={deferred} />
 */
export function IntegrityCheck({ approval, deferred }: IntegrityCheckProps) {
  const [verdict, setVerdict] = useState<Verdict>("checking");
  const hash = approval.action_hash;
  const targetUrl = deferred?.target_url;
  const method = deferred?.method;
  const body = deferred?.body ?? null;
  const storedHash = deferred?.action_hash;

  useEffect(() => {
    if (!hash || targetUrl === undefined || method === undefined) return;
    let current = true;
    computeActionHash(targetUrl, method, body).then(
      (recomputed) => {
        if (!current) return;
        if (recomputed === hash && storedHash === hash) setVerdict("verified");
        else if (`${targetUrl}${body ?? ""}`.includes("[redacted]")) setVerdict("unverifiable");
        else setVerdict("mismatch");
      },
      () => current && setVerdict("unverifiable"),
    );
    return () => {
      current = false;
    };
  }, [hash, targetUrl, method, body, storedHash]);

  if (!deferred || !hash) {
    return (
      <p class="integrity">
        <strong>Integrity:</strong> no stored call (an evaluate-action approval): after approval the agent
        performs the action itself.
      </p>
    );
  }
  const label =
    verdict === "verified"
      ? "✓ verified: matches the stored call"
      : verdict === "mismatch"
        ? "✗ does not match the stored call: approving will fail (action_hash_mismatch)"
        : verdict === "unverifiable"
          ? "not verifiable here (the stored call contains redacted secrets)"
          : "checking…";
  return (
    <div class="integrity">
      <p>
        <strong>Stored call:</strong> <code>{deferred.method}</code>{" "}
        <code class="wrap">{deferred.target_url}</code>
      </p>
      <p>
        <strong>Action hash (SHA-256):</strong> <code class="wrap hash">{hash}</code>{" "}
        <span class={`verdict verdict-${verdict}`} data-verdict={verdict}>
          {label}
        </span>
      </p>
    </div>
  );
}
