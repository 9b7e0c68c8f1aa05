import { tool } from "@langchain/core/tools";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { withRunMetadata } from "./with-run-metadata";

const metadata = {
  sentrail_decision: "allow",
  sentrail_correlation_id: "c-1",
  sentrail_audit_log_id: "a-1",
} as const;

function createEchoTool() {
  const configs: Array<{ metadata?: Record<string, unknown> } | undefined> = [];
  const echo = tool(
    async ({ text }, config) => {
      configs.push(config as { metadata?: Record<string, unknown> });
      return text;
    },
    { name: "echo", description: "Echo", schema: z.object({ text: z.string() }) },
  );
  return { echo, configs };
}

describe("withRunMetadata", () => {
  it("keeps the tool's name, schema and class, and adds the ids to the run's metadata", async () => {
    const { echo, configs } = createEchoTool();
    const tagged = withRunMetadata(echo, metadata);
    expect(tagged.name).toBe("echo");
    expect(tagged.schema).toBe(echo.schema);
    expect(tagged).toBeInstanceOf(echo.constructor);
    expect(await tagged.invoke({ text: "hi" }, { metadata: { thread_id: "t-1" } })).toBe("hi");
    expect(configs[0]?.metadata).toMatchObject({ ...metadata, thread_id: "t-1" });
  });

  it("lets the caller's own metadata win on a clash", async () => {
    const { echo, configs } = createEchoTool();
    await withRunMetadata(echo, metadata).invoke({ text: "hi" }, { metadata: { sentrail_decision: "mine" } });
    expect(configs[0]?.metadata?.sentrail_decision).toBe("mine");
  });

  it("returns the tool itself without metadata", () => {
    const { echo } = createEchoTool();
    expect(withRunMetadata(echo, undefined)).toBe(echo);
  });
});
