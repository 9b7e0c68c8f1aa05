// Names the README snippets use that belong to the reader's own application (their tools, model,
// logger, billing service), for the docs test (scripts/check-docs.mjs). Never declare an SDK export or
// an SDK-made object here: a snippet imports and creates what it uses, so it can be pasted as written.

import type { LanguageModelV3 } from "@ai-sdk/provider";
import type { StructuredTool } from "@langchain/core/tools";
import type { ModelMessage, Tool, ToolSet } from "ai";

declare global {
  // AI SDK: the reader's model, tools and chat history.
  const model: LanguageModelV3;
  const tools: ToolSet;
  const messages: ModelMessage[];
  const readFile: Tool;
  const pushToMain: Tool;
  const lookupOrder: Tool;
  const refundOrder: Tool;
  const deleteAccount: Tool;
  // LangChain: the reader's tools.
  const listIssues: StructuredTool;
  const deleteRepo: StructuredTool;
  const refundInvoice: StructuredTool;
  // The reader's services.
  function refund(invoiceId: string): Promise<void>;
  function notify(message: string): Promise<void>;
  function notifyChannel(message: string): Promise<void>;
  const billing: {
    refund(
      invoiceId: string,
      amountCents?: number,
      options?: { signal?: AbortSignal },
    ): Promise<{ id: string }>;
  };
  const logger: { warn(fields: object, message: string): void };
  const job: { toolCallId: string };
  const session: { access_token: string };
  const approvalRequestId: string;
  const workspaceId: string;
  const stored: string; // JSON the reader saved earlier
}
