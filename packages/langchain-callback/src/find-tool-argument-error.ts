import type { ToolCall } from "@langchain/core/messages/tool";
import { DynamicStructuredTool, ToolInputParsingException } from "@langchain/core/tools";
import { Validator } from "@langchain/core/utils/json_schema";
import { interopSafeParseAsync, isInteropZodSchema } from "@langchain/core/utils/types";
import { ToolInvocationError } from "langchain";

/** The parts of a tool that decide whether a call's arguments are valid. */
export interface ToolArgumentSchemaSource {
  name: string;
  description?: string;
  schema?: unknown;
  verboseParsingErrors?: boolean;
}

/**
 * Checks a tool call's arguments against the tool's schema the way LangChain's `StructuredTool.call`
 * does (Zod: parse; JSON schema: validate), before anyone is asked about the call: a call that cannot
 * run must not be evaluated, audited or sent to a reviewer. Returns the `ToolInvocationError` that
 * LangChain's `ToolNode` raises for it (same message, so the model reads LangChain's usual validation
 * text and can correct itself), or `undefined` when the arguments fit or the tool has no schema this
 * can read (the tool then validates them itself, as always).
 *
 * The error's wording comes from LangChain itself: the arguments are handed to a tool with the same
 * schema, an empty body and no callbacks, which rejects them before anything runs. Rejects only for a
 * schema that throws something other than a validation error.
 *
 * @example
 * ```ts
 * const error = await findToolArgumentError(request.tool, request.toolCall);
 * if (error) throw error; // ToolNode turns it into an error ToolMessage: "Received tool input did not match expected schema…"
 * ```
 */
export async function findToolArgumentError(
  tool: ToolArgumentSchemaSource,
  toolCall: ToolCall,
): Promise<ToolInvocationError | undefined> {
  const { schema } = tool;
  let valid: boolean;
  if (isInteropZodSchema(schema)) {
    valid = (await interopSafeParseAsync(schema, toolCall.args)).success;
  } else if (typeof schema === "object" && schema !== null) {
    valid = new Validator(schema as ConstructorParameters<typeof Validator>[0]).validate(toolCall.args).valid;
  } else {
    return undefined;
  }
  if (valid) return undefined;
  const probe = new DynamicStructuredTool({
    name: tool.name,
    description: tool.description ?? "",
    schema: schema as ConstructorParameters<typeof DynamicStructuredTool>[0]["schema"],
    verboseParsingErrors: tool.verboseParsingErrors ?? false,
    func: async () => "",
  });
  try {
    // No callbacks: a probe that LangChain accepted after all must not reach tracers or gates.
    await probe.invoke({ ...toolCall, type: "tool_call" }, { callbacks: [] });
  } catch (error) {
    if (error instanceof ToolInputParsingException) return new ToolInvocationError(error, toolCall);
    throw error;
  }
  // LangChain accepted what the check rejected: let the tool decide, as it would without the check.
  return undefined;
}
