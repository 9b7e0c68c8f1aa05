import type { ToolName } from "@sentrail/client";
import { describe, expect, it, vi } from "vitest";
import type { SentrailKillSwitchView } from "./create-kill-switch-tracker";
import type { SentrailGate } from "./create-sentrail-gate";
import { createSentrailToolFilterMiddleware } from "./create-sentrail-tool-filter-middleware";

function fakeGate(view: SentrailKillSwitchView | Error, mapping: Record<string, ToolName>): SentrailGate {
  return {
    killSwitch: async () => {
      if (view instanceof Error) throw view;
      return view;
    },
    sentrailToolOf: (name: string) => mapping[name],
  } as unknown as SentrailGate;
}

const fn = (name: string) => ({ type: "function", name, inputSchema: {} });
const params = (toolChoice?: { type: string; toolName?: string }) => ({
  prompt: [],
  tools: [fn("read_docs"), fn("create_issue"), fn("ask_user")],
  ...(toolChoice ? { toolChoice } : {}),
});
const mapping: Record<string, ToolName> = { read_docs: "internal_api", create_issue: "github" };
const off: SentrailKillSwitchView = { global: false, toolsPaused: [], observedAt: 1 };

describe("createSentrailToolFilterMiddleware", () => {
  const run = (gate: SentrailGate, input: ReturnType<typeof params>, onHidden = vi.fn()) =>
    createSentrailToolFilterMiddleware({ gate, onHidden }).transformParams({
      type: "generate",
      params: input,
      model: {},
    });

  it("passes the call options through unchanged while nothing is on", async () => {
    const input = params();
    expect(await run(fakeGate(off, mapping), input)).toBe(input);
  });

  it("removes every gated tool while the kill switch is on, keeps tools the gate does not know", async () => {
    const onHidden = vi.fn();
    const result = await run(fakeGate({ ...off, global: true }, mapping), params(), onHidden);
    expect(result.tools.map((tool) => tool.name)).toEqual(["ask_user"]);
    expect(onHidden).toHaveBeenCalledWith(
      expect.objectContaining({ toolNames: ["read_docs", "create_issue"] }),
    );
  });

  it("removes only the tools whose Sentrail tool is paused", async () => {
    const result = await run(fakeGate({ ...off, toolsPaused: ["github"] }, mapping), params());
    expect(result.tools.map((tool) => tool.name)).toEqual(["read_docs", "ask_user"]);
  });

  it("keeps the tool a toolChoice forces, and the choice, so the SDK's tool-choice check cannot fail", async () => {
    const onHidden = vi.fn();
    const result = await run(
      fakeGate({ ...off, global: true }, mapping),
      params({ type: "tool", toolName: "create_issue" }),
      onHidden,
    );
    expect(result.tools.map((tool) => tool.name)).toEqual(["create_issue", "ask_user"]);
    expect(result.toolChoice).toEqual({ type: "tool", toolName: "create_issue" });
    expect(onHidden).toHaveBeenCalledWith(expect.objectContaining({ toolNames: ["read_docs"] }));
  });

  it("drops tools and toolChoice when no tool is left", async () => {
    const gate = fakeGate({ ...off, global: true }, { ...mapping, ask_user: "internal_api" });
    const result = await run(gate, params({ type: "auto" }));
    expect(result).not.toHaveProperty("tools");
    expect(result).not.toHaveProperty("toolChoice");
  });

  it("keeps every tool under toolChoice 'required' when hiding would leave none to call", async () => {
    const onHidden = vi.fn();
    const gate = fakeGate({ ...off, global: true }, { ...mapping, ask_user: "internal_api" });
    const input = params({ type: "required" });
    expect(await run(gate, input, onHidden)).toBe(input);
    expect(onHidden).not.toHaveBeenCalled();
    const withUiTool = await run(fakeGate({ ...off, global: true }, mapping), params({ type: "required" }));
    expect(withUiTool.tools.map((tool) => tool.name)).toEqual(["ask_user"]);
  });

  it("passes the call options through when the view cannot be read or an observer throws", async () => {
    const input = params();
    expect(await run(fakeGate(new Error("down"), mapping), input)).toBe(input);
    const throwing = vi.fn(() => {
      throw new Error("observer");
    });
    const result = await run(fakeGate({ ...off, global: true }, mapping), params(), throwing);
    expect(result.tools.map((tool) => tool.name)).toEqual(["ask_user"]);
  });
});
