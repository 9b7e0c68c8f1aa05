import { tool } from "ai";
import { z } from "zod";

/**
 * The AI SDK agent's tools over a fake repository, with every execution recorded: the story proves
 * what ran (and what did not) from this record, not from what the model was told.
 *
 * @example
 * ```ts
 * const { tools, executed } = createRepositoryTools();
 * executed; // => ["read_file README.md"] after an allowed read
 * ```
 */
export function createRepositoryTools() {
  const executed: string[] = [];
  const tools = {
    read_file: tool({
      description: "Read a file of the acme/demo repository",
      inputSchema: z.object({ path: z.string() }),
      execute: async ({ path }) => {
        executed.push(`read_file ${path}`);
        return { path, content: "# acme/demo\nA demo repository.\n" };
      },
    }),
    push_to_main: tool({
      description: "Commit and push a change straight to the main branch",
      inputSchema: z.object({ path: z.string(), content: z.string() }),
      execute: async ({ path }) => {
        executed.push(`push_to_main ${path}`);
        return { pushed: true, path };
      },
    }),
  };
  return { tools, executed };
}
