import { ToolMessage } from "@langchain/core/messages";
import { describe, expect, it } from "vitest";
import { createRefusalToolMessage } from "./create-refusal-tool-message";
import type { ToolMessageFields } from "./to-tool-message-fields";

const fields: Extract<ToolMessageFields, { executed: false }> = {
  executed: false,
  status: "error",
  content: '{"executed":false,"status":"blocked"}',
  artifact: {
    executed: false,
    status: "blocked",
    sideEffect: "not_started",
    retrySafe: false,
    reason: "Policy 'Never delete repos' matched",
    message: "Not executed: blocked by Sentrail policy.",
  },
  metadata: {
    status: "blocked",
    decision: "block",
    auditLogId: "a1",
    correlationId: "c1",
    approvalRequestId: null,
  },
};

describe("createRefusalToolMessage", () => {
  it("answers the tool call with an error ToolMessage carrying the refusal and the Sentrail ids", () => {
    const message = createRefusalToolMessage(fields, { id: "call_1", name: "delete_repo" });
    expect(ToolMessage.isInstance(message)).toBe(true);
    expect(message).toMatchObject({
      status: "error",
      content: fields.content,
      tool_call_id: "call_1",
      name: "delete_repo",
      artifact: fields.artifact,
      response_metadata: { sentrail: fields.metadata },
    });
  });
});
