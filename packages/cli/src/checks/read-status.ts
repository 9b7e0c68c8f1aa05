import {
  createSentrailClient,
  type FetchFunction,
  redactSecrets,
  SentrailAuthenticationError,
  SentrailNotFoundError,
} from "@sentrail/client";
import { maskApiKey } from "../config/mask-api-key";
import { parseConfig } from "../config/parse-config";
import { readConfigFile } from "../config/read-config";
import { connectProxyClient } from "./connect-proxy-client";

/** What `sentrail status` reports; the key only ever masked. */
export interface StatusReport {
  configPath: string;
  /** `missing`, `invalid` (with `problems`), or `ok`. */
  config: "missing" | "invalid" | "ok";
  problems: string[];
  settings: {
    apiKey: string;
    workspaceId: string | null;
    upstreamMcpUrl: string | null;
    upstreamCommand: string | null;
    cloudUrl: string | null;
    port: number | null;
    logLevel: string | null;
  } | null;
  proxy: { url: string; running: boolean; detail: string } | null;
  cloud: { url: string; reachable: boolean; keyAccepted: boolean | null; detail: string } | null;
  /** Config valid, proxy running, cloud answering and accepting the key. */
  ok: boolean;
}

/** The id polled to probe the cloud: a valid UUID no approval has, so the answer is a 404. */
const PROBE_ID = "00000000-0000-4000-8000-000000000000";

/**
 * `sentrail status`: reads the config (key masked), checks that the proxy answers an MCP
 * `initialize` + `ping` on the configured port as `sentrail`, and that the cloud answers with the key
 * accepted. The cloud probe is a status poll of an id no approval has (`GET
 * /gateway-proxy/status/{id}`): read-only, no audit row, a `404` means reachable and the key
 * accepted, a `401` reachable but the key refused.
 *
 * How it fails: never rejects; every problem is in the report, and `ok` is false.
 *
 * @example
 * const report = await readStatus({ configPath: resolveConfigPath(undefined) });
 * process.exitCode = report.ok ? 0 : 1;
 */
export async function readStatus(options: {
  configPath: string;
  fetch?: FetchFunction;
}): Promise<StatusReport> {
  const file = await readConfigFile(options.configPath);
  const base = { configPath: options.configPath, proxy: null, cloud: null, ok: false };
  if (file.kind === "missing")
    return { ...base, config: "missing", problems: ["No config: run sentrail init"], settings: null };
  if (file.kind === "unreadable")
    return { ...base, config: "invalid", problems: [file.message], settings: null };
  const parsed = parseConfig(file.data);
  const raw = (file.data ?? {}) as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === "string" && value !== "" ? value : null);
  const settings = {
    apiKey: maskApiKey(text(raw.apiKey)),
    workspaceId: text(raw.workspaceId),
    upstreamMcpUrl: text(raw.upstreamMcpUrl),
    upstreamCommand: text(raw.upstreamCommand),
    cloudUrl: text(raw.cloudUrl),
    port: typeof raw.port === "number" ? raw.port : 3773,
    logLevel: text(raw.logLevel) ?? "info",
  };
  if (!parsed.ok) return { ...base, config: "invalid", problems: parsed.problems, settings };
  const { config } = parsed;

  const proxyUrl = `http://127.0.0.1:${config.port}`;
  let proxy: NonNullable<StatusReport["proxy"]>;
  try {
    const client = await connectProxyClient(proxyUrl, { timeoutMs: 3_000 });
    const name = client.getServerVersion()?.name;
    await client.ping();
    await client.close();
    proxy =
      name === "sentrail"
        ? { url: proxyUrl, running: true, detail: "answers MCP initialize and ping" }
        : { url: proxyUrl, running: false, detail: `another MCP server answers there (${name})` };
  } catch {
    proxy = { url: proxyUrl, running: false, detail: "not running (start it with sentrail start)" };
  }

  let cloud: NonNullable<StatusReport["cloud"]>;
  const client = createSentrailClient({
    apiKey: config.apiKey,
    baseUrl: config.cloudUrl,
    timeoutMs: 10_000,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  try {
    await client.getApprovalStatus(PROBE_ID, { retries: 0 });
    cloud = { url: config.cloudUrl, reachable: true, keyAccepted: true, detail: "answers" };
  } catch (error) {
    if (SentrailNotFoundError.isInstance(error)) {
      cloud = { url: config.cloudUrl, reachable: true, keyAccepted: true, detail: "answers; key accepted" };
    } else if (SentrailAuthenticationError.isInstance(error)) {
      cloud = {
        url: config.cloudUrl,
        reachable: true,
        keyAccepted: false,
        detail: "answers, but refuses the key (401)",
      };
    } else {
      const message = redactSecrets(error instanceof Error ? error.message : String(error))
        .split(config.apiKey)
        .join("agk_…");
      cloud = {
        url: config.cloudUrl,
        reachable: false,
        keyAccepted: null,
        detail: `does not answer: ${message}`,
      };
    }
  }
  return {
    ...base,
    config: "ok",
    problems: [],
    settings,
    proxy,
    cloud,
    ok: proxy.running && cloud.reachable && cloud.keyAccepted === true,
  };
}
