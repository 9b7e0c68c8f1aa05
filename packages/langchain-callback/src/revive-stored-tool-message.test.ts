import { AIMessage, ToolMessage } from "@langchain/core/messages";
import { describe, expect, it } from "vitest";
import { reviveStoredToolMessage } from "./revive-stored-tool-message";

const roundTrip = (value: unknown) => JSON.parse(JSON.stringify(value));

describe("reviveStoredToolMessage", () => {
  it("turns a ToolMessage kept as JSON back into a ToolMessage with the same fields", () => {
    const stored = roundTrip(
      new ToolMessage({
        content: "refunded in_1",
        tool_call_id: "call_refund",
        name: "refund_invoice",
        status: "success",
        artifact: { receipt: "r_1" },
      }),
    );
    const revived = reviveStoredToolMessage(stored);
    expect(ToolMessage.isInstance(revived)).toBe(true);
    expect(revived).toMatchObject({
      content: "refunded in_1",
      tool_call_id: "call_refund",
      name: "refund_invoice",
      status: "success",
      artifact: { receipt: "r_1" },
    });
  });

  it("returns every other value as it is", () => {
    const message = new ToolMessage({ content: "ok", tool_call_id: "c1" });
    const aiMessage = roundTrip(new AIMessage("not a tool result"));
    for (const value of [message, aiMessage, "text", 42, null, undefined, { lc: 1, kwargs: {} }]) {
      expect(reviveStoredToolMessage(value)).toBe(value);
    }
    const withoutCallId = { lc: 1, type: "constructor", id: ["ToolMessage"], kwargs: { content: "x" } };
    expect(reviveStoredToolMessage(withoutCallId)).toBe(withoutCallId);
  });
});
