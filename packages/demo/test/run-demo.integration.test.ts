import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const entry = fileURLToPath(new URL("../dist/run-demo.js", import.meta.url));

interface DemoDocument {
  version: number;
  ok: boolean;
  failure: unknown;
  steps: Array<{ id: string; expected: string; actual: string; ok: boolean; checks: Array<{ ok: boolean }> }>;
  auditLog: Array<{ tool: string; action: string; decision: string }>;
}

function runDemo(args: string[]) {
  if (!existsSync(entry))
    throw new Error("dist/run-demo.js is missing: run `npm run build` in packages/demo first");
  return spawnSync(process.execPath, [entry, ...args], { encoding: "utf8", timeout: 55_000 });
}

describe("the npm start demo", () => {
  it("tells the whole story in --json mode, verifies every step and exits 0", () => {
    const run = runDemo(["--json"]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const document = JSON.parse(run.stdout) as DemoDocument;
    expect(document).toMatchObject({ version: 1, ok: true, failure: null });
    expect(document.steps.map((step) => [step.id, step.actual])).toEqual([
      ["read-allowed", "executed"],
      ["write-blocked", "blocked"],
      ["pull-request-approved", "executed"],
      ["call-denied", "denied"],
      ["kill-switch", "blocked"],
      ["audit-trail", "verified"],
    ]);
    expect(document.steps.every((step) => step.ok && step.checks.every((check) => check.ok))).toBe(true);
    expect(document.auditLog.map((row) => `${row.tool} ${row.action} ${row.decision}`)).toEqual([
      "github read allow",
      "github git.push block",
      "github pull_request.create require_approval",
      "github pull_request.create allow",
      "mcp create_issue require_approval",
      "mcp create_issue block",
      "system kill_switch.enable allow",
      "mcp get_issue block",
      "github read block",
    ]);
  });

  it("prints no secret but the mock's documented demo key, and no Authorization value", () => {
    const run = runDemo(["--no-color"]);
    expect(run.status).toBe(0);
    expect(run.stdout).not.toContain("\u001b[");
    expect(run.stdout).not.toMatch(/Bearer (?!\$)/);
    expect(run.stdout).not.toMatch(/eyJ[\w-]+\./);
    expect(run.stdout).not.toContain("gho_");
    expect(run.stdout).toContain("✔ The story happened: 6 steps verified");
  });

  it("refuses an unknown option with exit status 2 and the usage", () => {
    const run = runDemo(["--colour"]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('demo: unknown option "--colour"');
    expect(run.stderr).toContain("Usage: npm start --");
  });
});
