import { inferToolRiskLevel } from "@sentrail/client";
import { classifyShellCommand } from "@sentrail/mock-server/shell";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { classifyToolCall } from "./classify-tool-call";

describe("classifyToolCall", () => {
  it.each([
    ["bash", { command: "rm -rf /tmp/sentrail-demo-dir" }, "file.delete_recursive", "critical"],
    ["shell", { cmd: "git push --force origin main" }, "git.force_push", "critical"],
    ["terminal", { script: "psql -c 'DROP TABLE users'" }, "sql.destructive", "critical"],
    ["run_command", { command: "cat README.md" }, "shell.read", "low"],
    ["execute_command", {}, "unknown_write", "medium"],
    ["delete_issue", { number: 1 }, "delete_issue", "high"],
    ["get_issue", { number: 1 }, "get_issue", "low"],
  ])("%s %j → %s/%s", (name, toolArguments, action, riskLevel) => {
    expect(classifyToolCall(name, toolArguments)).toMatchObject({ action, riskLevel });
  });

  it("agrees with the mock's §6.5 table for every shell command and §6.3 for every other name", () => {
    fc.assert(
      fc.property(fc.string(), fc.constantFrom("bash", "shell", "command"), (command, tool) => {
        expect(classifyToolCall(tool, { command })).toEqual({ ...classifyShellCommand(command), command });
      }),
    );
    fc.assert(
      fc.property(
        fc
          .string()
          .filter(
            (name) =>
              !["bash", "shell", "terminal", "execute_command", "run_command", "command"].includes(name),
          ),
        (name) => {
          expect(classifyToolCall(name, {})).toEqual({
            action: name,
            riskLevel: inferToolRiskLevel(name),
            command: null,
          });
        },
      ),
    );
  });
});
