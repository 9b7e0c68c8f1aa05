import { AIMessage } from "@langchain/core/messages";
import { describe, expect, it } from "vitest";
import { createToolRunTracker } from "./create-tool-run-tracker";

const classTool = { type: "not_implemented", id: ["langchain", "tools", "DeleteRepoTool"] };
const ai = new AIMessage({
  content: "",
  tool_calls: [{ name: "delete_repo", args: { repo: "a" }, id: "call_1", type: "tool_call" }],
});

describe("createToolRunTracker", () => {
  it("names a tool by the tool call its parent run dispatched, never by class or run name", () => {
    const tracker = createToolRunTracker();
    tracker.start("graph", undefined, { messages: [] });
    tracker.start("tools", "graph", { messages: [ai] });
    tracker.start("send", "graph", { lg_tool_call: { name: "list_issues", id: "call_2" } });
    expect(
      tracker.toolName({ tool: classTool, runId: "t1", parentRunId: "tools", toolCallId: "call_1" }),
    ).toBe("delete_repo");
    expect(
      tracker.toolName({ tool: classTool, runId: "t2", parentRunId: "send", toolCallId: "call_2" }),
    ).toBe("list_issues");
    // Another id, no parent, a parent that dispatched nothing: unknown.
    expect(
      tracker.toolName({ tool: classTool, runId: "t3", parentRunId: "tools", toolCallId: "call_9" }),
    ).toBe(undefined);
    expect(
      tracker.toolName({ tool: classTool, runId: "t4", parentRunId: undefined, toolCallId: "call_1" }),
    ).toBe(undefined);
    expect(
      tracker.toolName({ tool: classTool, runId: "t5", parentRunId: "graph", toolCallId: "call_1" }),
    ).toBe(undefined);
  });

  it("reads the name of a serialisable tool from its constructor kwargs", () => {
    const tracker = createToolRunTracker();
    const tool = { type: "constructor", id: ["x", "SearchTool"], kwargs: { name: "search_docs" } };
    expect(tracker.toolName({ tool, runId: "t", parentRunId: undefined, toolCallId: undefined })).toBe(
      "search_docs",
    );
  });

  it("finds the root run of a tree, and forgets runs that ended", () => {
    const tracker = createToolRunTracker();
    tracker.start("graph", undefined, null);
    tracker.start("node", "graph", null);
    tracker.start("tool", "node", null);
    expect(tracker.rootOf("tool")).toBe("graph");
    tracker.end("tools");
    tracker.end("node");
    expect(tracker.rootOf("node")).toBe("node");
  });
});
