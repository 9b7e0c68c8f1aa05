import { parseConfig } from "./parse-config";
import { readConfigFile } from "./read-config";
import { DEFAULT_PORT, type SentrailConfig } from "./sentrail-config";
import { validateConfigField } from "./validate-config-field";
import { writeConfig } from "./write-config";

/** The fields `sentrail init` asks for, in order (contract §14). */
export const INIT_PROMPT_FIELDS = [
  "apiKey",
  "workspaceId",
  "upstreamMcpUrl",
  "cloudUrl",
  "port",
  "logLevel",
] as const;

/** One of {@link INIT_PROMPT_FIELDS}. */
export type InitPromptField = (typeof INIT_PROMPT_FIELDS)[number];

/**
 * Asks for one field, given the value it would keep (from a flag, the environment, the current
 * config, or the default; `undefined` when there is none). Answers the new value.
 */
export type AskConfigField = <TName extends InitPromptField>(
  field: TName,
  current: SentrailConfig[TName] | undefined,
) => Promise<SentrailConfig[TName]>;

/** Options of {@link initConfig}. */
export interface InitConfigOptions {
  configPath: string;
  /** Values from flags and environment variables; they win over the current config. */
  values: Partial<SentrailConfig>;
  /** Asks for every prompt field (interactive); without it nothing is asked. */
  ask?: AskConfigField;
}

/** What {@link initConfig} answers. */
export type InitConfigResult =
  | { ok: true; configPath: string; config: SentrailConfig; replaced: boolean }
  | { ok: false; configPath: string; problems: string[] };

/**
 * `sentrail init` without its prompts' looks: starts from the current config (re-running keeps its
 * values), applies flag and environment values, asks for each field when `ask` is given (each
 * prompt pre-filled with the value it keeps), validates everything, then writes the file with mode
 * 0600. A current config that cannot be read is replaced, not merged.
 *
 * How it fails: invalid or missing required values (`apiKey`, `workspaceId`, `cloudUrl`) answer
 * `ok: false` with one message per field and write nothing; a file system error rejects.
 *
 * @example
 * const result = await initConfig({
 *   configPath: resolveConfigPath(undefined),
 *   values: { apiKey: process.env.SENTRAIL_API_KEY, workspaceId, cloudUrl },
 * });
 * if (!result.ok) console.error(result.problems.join("\n"));
 */
export async function initConfig(options: InitConfigOptions): Promise<InitConfigResult> {
  const file = await readConfigFile(options.configPath);
  const current: Partial<SentrailConfig> =
    file.kind === "found" && file.data !== null && typeof file.data === "object"
      ? (file.data as Partial<SentrailConfig>)
      : {};
  const merged: Partial<SentrailConfig> = {
    port: DEFAULT_PORT,
    logLevel: "info",
    ...withoutUndefined(current),
    ...withoutUndefined(options.values),
  };
  if (options.ask) {
    for (const field of INIT_PROMPT_FIELDS) {
      const answer = await options.ask(field, merged[field] as never);
      (merged as Record<string, unknown>)[field] = answer;
    }
  }
  const parsed = parseConfig(merged);
  if (!parsed.ok) {
    const problems = parsed.problems.map((problem) =>
      requiredHint(problem, merged)
        ? `${problem} (missing: pass the flag or its environment variable)`
        : problem,
    );
    return { ok: false, configPath: options.configPath, problems };
  }
  await writeConfig(options.configPath, parsed.config);
  return {
    ok: true,
    configPath: options.configPath,
    config: parsed.config,
    replaced: file.kind !== "missing",
  };
}

function withoutUndefined<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Partial<T>;
}

function requiredHint(problem: string, merged: Partial<SentrailConfig>): boolean {
  return (["apiKey", "workspaceId", "cloudUrl"] as const).some(
    (field) => merged[field] === undefined && validateConfigField(field, undefined) === problem,
  );
}
