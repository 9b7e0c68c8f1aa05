// The agent's tools: a fake issue tracker and billing system that record every call that really ran,
// so the story can prove what happened (and what did not).
import { tool } from "@langchain/core/tools";
import { z } from "zod";

/** Three tools, one per kind of policy in the story's workspace, and the record of their executions. */
export function createRepositoryTools() {
  const executed: string[] = [];
  const listIssues = tool(
    async ({ repo }) => {
      executed.push(`list_issues ${repo}`);
      return JSON.stringify([{ number: 7, title: "Refund for in_42 never arrived" }]);
    },
    {
      name: "list_issues",
      description: "List open issues of a repository",
      schema: z.object({ repo: z.string() }),
    },
  );
  const deleteRepo = tool(
    async ({ repo }) => {
      executed.push(`delete_repo ${repo}`);
      return `Deleted ${repo}`;
    },
    { name: "delete_repo", description: "Delete a repository", schema: z.object({ repo: z.string() }) },
  );
  const refundInvoice = tool(
    async ({ invoiceId, amountCents }) => {
      executed.push(`refund_invoice ${invoiceId} ${amountCents}`);
      return `Refunded ${amountCents} cents on ${invoiceId}`;
    },
    {
      name: "refund_invoice",
      description: "Refund an invoice",
      schema: z.object({ invoiceId: z.string(), amountCents: z.number().int().positive() }),
    },
  );
  return { executed, tools: [listIssues, deleteRepo, refundInvoice], deleteRepo };
}
