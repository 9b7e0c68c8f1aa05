import type { ConnectMcpGateOptions } from "./connect-mcp-gate";

/**
 * What the `sentrail-mcp-bridge` command was asked to do.
 *
 * @example
 * ```ts
 * const parsed: BridgeInvocation = parseBridgeOptions(process.argv.slice(2), process.env);
 * ```
 */
export type BridgeInvocation =
  | {
      kind: "run";
      options: ConnectMcpGateOptions;
      /** `--state` / `SENTRAIL_BRIDGE_STATE`: the file that keeps held calls across restarts. */
      statePath?: string;
    }
  | { kind: "help"; text: string }
  | { kind: "error"; message: string };

/**
 * The command's usage text. The key is read from the environment only: command lines are visible to
 * every local user (`ps`) and end up in MCP host configs that get shared.
 *
 * @example
 * ```ts
 * console.error(BRIDGE_USAGE);
 * ```
 */
export const BRIDGE_USAGE = `Usage: sentrail-mcp-bridge [--url <…/mcp-gate/sse> | --base-url <…/functions/v1> | --project-ref <ref>]
                           [--agent-id <id>] [--approval-timeout <seconds>] [--state <file>]

A stdio MCP server that forwards tools/list and tools/call to Sentrail's mcp-gate, waiting for
approvals and returning Sentrail's replay result.

--state <file> keeps held calls across restarts: a call still held when its wait ends (the
--approval-timeout, or the host cancels it) is resumed, not sent again, when the same tool is called
with the same arguments later, and answers with Sentrail's one replay.

Environment:
  SENTRAIL_API_KEY        the agk_ key (required; never passed on the command line)
  SENTRAIL_MCP_GATE_URL   or SENTRAIL_BASE_URL or SENTRAIL_PROJECT_REF, when no flag gives the endpoint
  SENTRAIL_AGENT_ID       sent as X-Agent-Id, when --agent-id is not given
  SENTRAIL_BRIDGE_STATE   the held-call state file, when --state is not given
`;

const FLAGS = new Map([
  ["--url", "url"],
  ["--base-url", "baseUrl"],
  ["--project-ref", "projectRef"],
  ["--agent-id", "agentId"],
  ["--approval-timeout", "approvalTimeout"],
  ["--state", "state"],
] as const);

/**
 * Reads the bridge's flags (`--name value` or `--name=value`) and environment into
 * `connectMcpGate` options. A flag overrides the environment; the endpoint flags replace every
 * endpoint variable. Never throws: a problem is `{ kind: "error", message }` (the message never
 * contains the key), `--help` is `{ kind: "help" }`.
 *
 * @example
 * ```ts
 * parseBridgeOptions(["--project-ref", "abcd1234", "--agent-id", "cursor"], { SENTRAIL_API_KEY: "agk_…" });
 * // => { kind: "run", options: { apiKey: "agk_…", projectRef: "abcd1234", agentId: "cursor" } }
 * ```
 */
export function parseBridgeOptions(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): BridgeInvocation {
  const flags: Partial<
    Record<"url" | "baseUrl" | "projectRef" | "agentId" | "approvalTimeout" | "state", string>
  > = {};
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index] ?? "";
    if (argument === "--help" || argument === "-h") return { kind: "help", text: BRIDGE_USAGE };
    const [name = "", inline] = argument.split(/=(.*)/s, 2);
    const key = FLAGS.get(name as never);
    if (!key)
      return { kind: "error", message: `Unknown argument: ${name.startsWith("--") ? name : "(a value)"}` };
    const value = inline ?? argv[++index];
    if (value === undefined || value === "") return { kind: "error", message: `${name} needs a value` };
    flags[key] = value;
  }

  const apiKey = env.SENTRAIL_API_KEY?.trim();
  if (!apiKey) return { kind: "error", message: "Set SENTRAIL_API_KEY to the agent's agk_ key" };
  const endpointFlags = { url: flags.url, baseUrl: flags.baseUrl, projectRef: flags.projectRef };
  const fromFlags = Object.values(endpointFlags).some((value) => value !== undefined);
  const endpoint = fromFlags
    ? endpointFlags
    : {
        url: env.SENTRAIL_MCP_GATE_URL,
        baseUrl: env.SENTRAIL_BASE_URL,
        projectRef: env.SENTRAIL_PROJECT_REF,
      };
  const given = Object.entries(endpoint).filter(([, value]) => value !== undefined && value !== "");
  if (given.length !== 1) {
    return {
      kind: "error",
      message:
        "Give exactly one endpoint: --url, --base-url or --project-ref (or SENTRAIL_MCP_GATE_URL, SENTRAIL_BASE_URL, SENTRAIL_PROJECT_REF)",
    };
  }
  const options: ConnectMcpGateOptions = { apiKey, ...Object.fromEntries(given) };
  const agentId = flags.agentId ?? env.SENTRAIL_AGENT_ID;
  if (agentId) options.agentId = agentId;
  if (flags.approvalTimeout !== undefined) {
    const seconds = Number(flags.approvalTimeout);
    if (!Number.isFinite(seconds) || seconds <= 0) {
      return { kind: "error", message: "--approval-timeout must be a positive number of seconds" };
    }
    options.approvalTimeoutMs = seconds * 1000;
  }
  const statePath = flags.state ?? env.SENTRAIL_BRIDGE_STATE;
  return statePath ? { kind: "run", options, statePath } : { kind: "run", options };
}
