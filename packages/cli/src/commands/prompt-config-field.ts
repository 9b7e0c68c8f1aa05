import type { AskConfigField, InitPromptField } from "../config/init-config";
import { maskApiKey } from "../config/mask-api-key";
import { LOG_LEVELS, type LogLevel } from "../config/sentrail-config";
import { validateConfigField } from "../config/validate-config-field";

/** Thrown when the person cancels a prompt (Ctrl+C, Esc). */
export class PromptCancelledError extends Error {
  override readonly name = "PromptCancelledError";
}

const MESSAGES: Record<InitPromptField, string> = {
  apiKey: "Sentrail API key (agk_…)",
  workspaceId: "Workspace id (UUID)",
  upstreamMcpUrl: "Upstream MCP server URL (empty for none)",
  cloudUrl: "Sentrail cloud URL (your project's …/functions/v1)",
  port: "Local proxy port",
  logLevel: "Log level",
};

/**
 * The interactive side of `sentrail init`: one `@clack/prompts` prompt per field, written to
 * stderr (stdout stays for data), each pre-filled with the value it keeps and validated with
 * `validateConfigField`'s messages. The key is asked with a password prompt; Enter keeps the
 * current one (shown masked). Only used when stdin is a terminal.
 *
 * Rejects with {@link PromptCancelledError} when the person cancels.
 *
 * @example
 * await initConfig({ configPath, values, ask: promptConfigField });
 */
export const promptConfigField: AskConfigField = async (field, current) => {
  // Loaded here, not at the top: only an interactive `init` prompts, and @clack/prompts is a
  // noticeable share of the CLI's start-up (every other command would pay for it).
  const { cancel, isCancel, password, select, text } = await import("@clack/prompts");
  const output = process.stderr;
  let answer: unknown;
  if (field === "apiKey") {
    const kept =
      typeof current === "string" && validateConfigField("apiKey", current) === null ? current : null;
    const typed = await password({
      output,
      message: kept ? `${MESSAGES.apiKey}: Enter keeps ${maskApiKey(kept)}` : MESSAGES.apiKey,
      validate: (value) =>
        (value === undefined || value === "") && kept
          ? undefined
          : (validateConfigField("apiKey", value) ?? undefined),
    });
    answer = isCancel(typed) ? typed : typed === "" && kept ? kept : typed;
  } else if (field === "logLevel") {
    answer = await select<LogLevel>({
      output,
      message: MESSAGES.logLevel,
      initialValue: (current as LogLevel | undefined) ?? "info",
      options: LOG_LEVELS.map((level) => ({ value: level, label: level })),
    });
  } else {
    const typed = await text({
      output,
      message: MESSAGES[field],
      initialValue: current === undefined || current === null ? "" : String(current),
      ...(field === "cloudUrl" ? { placeholder: "https://<project-ref>.supabase.co/functions/v1" } : {}),
      validate: (value) => validateConfigField(field, toValue(field, value ?? "")) ?? undefined,
    });
    answer = isCancel(typed) ? typed : toValue(field, typed);
  }
  if (isCancel(answer)) {
    cancel("Nothing was written.", { output });
    throw new PromptCancelledError("cancelled");
  }
  return answer as never;
};

function toValue(field: InitPromptField, typed: string): unknown {
  const trimmed = typed.trim();
  if (field === "port") return /^\d+$/.test(trimmed) ? Number(trimmed) : trimmed;
  if (field === "upstreamMcpUrl") return trimmed === "" ? null : trimmed;
  return trimmed;
}
