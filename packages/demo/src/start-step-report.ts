import { type DemoStepId, STORY_STEPS } from "./story-steps";

/** One verified fact of a step, e.g. `push_to_main never ran`. */
export interface DemoCheck {
  what: string;
  ok: boolean;
}

/** What one step set out to show, what happened, and the checks that prove it (the `--json` step shape). */
export interface DemoStepReport {
  id: DemoStepId;
  title: string;
  /** The real packages this step went through. */
  packages: string[];
  /** The outcome the story expects, in the guard's words (`executed`, `blocked`, `denied`, …). */
  expected: string;
  /** The outcome that happened. */
  actual: string;
  /** True when `actual` is `expected` and every check passed. */
  ok: boolean;
  checks: DemoCheck[];
  /** The audit log row of every evaluation this step made, in order (the audit-trail step checks each). */
  auditLogIds: string[];
  /** Ids and values worth seeing (approval request id, the model's answer, …). */
  details: Record<string, unknown>;
  durationMs: number;
}

/** Collects a step's checks while it runs; `finish` seals the report. */
export interface StepReportBuilder {
  /** Records one check and returns `ok`, so a step can stop early when a precondition failed. */
  check(ok: boolean, what: string): boolean;
  detail(name: string, value: unknown): void;
  /** Records that this step made an evaluation, answered with this audit log row (`null`/`""`: no row id came back). */
  evaluated(auditLogId: string | null | undefined): void;
  /** True while every recorded check passed. */
  passed(): boolean;
  /** `expected` may be decided late (a human reviewer chose). */
  finish(actual: string, expected?: string): DemoStepReport;
}

/**
 * Starts the report of one story step (title, packages and expected outcome from {@link STORY_STEPS})
 * and times it. A step is `ok` only when what happened is what
 * was expected and every check it recorded passed.
 *
 * @example
 * ```ts
 * const step = startStepReport("write-blocked");
 * step.check(executed.length === 0, "push_to_main never ran");
 * const report = step.finish(outcome.status);
 * ```
 */
export function startStepReport(id: DemoStepId): StepReportBuilder {
  const start = { id, ...STORY_STEPS[id] };
  const started = Date.now();
  const checks: DemoCheck[] = [];
  const details: Record<string, unknown> = {};
  const auditLogIds: string[] = [];
  return {
    check(ok, what) {
      checks.push({ what, ok });
      return ok;
    },
    detail(name, value) {
      details[name] = value;
    },
    evaluated(auditLogId) {
      if (auditLogId) auditLogIds.push(auditLogId);
      else checks.push({ what: "Sentrail's answer named its audit log row", ok: false });
    },
    passed() {
      return checks.every((check) => check.ok);
    },
    finish(actual, expected = start.expected) {
      return {
        id: start.id,
        title: start.title,
        packages: start.packages,
        expected,
        actual,
        ok: actual === expected && checks.every((check) => check.ok),
        checks,
        auditLogIds,
        details,
        durationMs: Date.now() - started,
      };
    },
  };
}
