import type { GuardToolOptions } from "@sentrail/client";

/**
 * The guard's per-tool settings for MCP tools, filled in as tool names are seen.
 *
 * @example
 * ```ts
 * const registry: McpGuardTools = createMcpGuardTools();
 * ```
 */
export interface McpGuardTools {
  /** Pass as `createGuard({ tools })`; the guard reads it on every run. */
  readonly tools: Record<string, GuardToolOptions>;
  /** Adds the MCP mapping for `toolName` if it is not there yet. Call before `guard.run`. */
  register(toolName: string): void;
}

/**
 * Makes every MCP tool evaluate as the contract's MCP calls do (§4.4, §6.3): `tool: "mcp"`, `action` =
 * the tool name, risk from the name rule (`inferToolRiskLevel`: contains delete|destroy|drop|remove →
 * high, starts with get|list|read → low, else medium), payload = the arguments. The guard has no
 * guard-wide mapping, only a per-name one, and MCP tool names are only known when called, so the
 * record is filled on first sight of each name. `tool: "mcp"` also makes a paused `mcp` tool end the
 * approval wait. `overrides` (per tool name) may change anything, including the evaluation fields.
 *
 * The record has no prototype, so a tool named `__proto__` or `constructor` is just a name.
 *
 * @example
 * ```ts
 * const registry = createMcpGuardTools({ wire_money: { evaluation: { riskLevel: "critical" } } });
 * const guard = createGuard({ client, tools: registry.tools });
 * registry.register("wire_money");
 * ```
 */
export function createMcpGuardTools(overrides: Record<string, GuardToolOptions> = {}): McpGuardTools {
  const tools: Record<string, GuardToolOptions> = Object.create(null);
  return {
    tools,
    register(toolName) {
      if (Object.hasOwn(tools, toolName)) return;
      const override = Object.hasOwn(overrides, toolName) ? overrides[toolName] : undefined;
      const mapping = override?.evaluation;
      Object.defineProperty(tools, toolName, {
        enumerable: true,
        value: {
          ...override,
          evaluation:
            typeof mapping === "function"
              ? (call: Parameters<typeof mapping>[0]) => ({ tool: "mcp" as const, ...mapping(call) })
              : { tool: "mcp" as const, ...mapping },
        } satisfies GuardToolOptions,
      });
    },
  };
}
