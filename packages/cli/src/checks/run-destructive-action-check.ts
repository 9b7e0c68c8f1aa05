import { McpError } from "@modelcontextprotocol/sdk/types.js";
import type { FetchFunction } from "@sentrail/client";
import type { SentrailConfig } from "../config/sentrail-config";
import { startInterceptor } from "../interceptor/start-interceptor";
import { connectProxyClient } from "./connect-proxy-client";
import { createRecordingUpstream } from "./create-recording-upstream";
import { startEmbeddedSentrail } from "./start-embedded-sentrail";

/** One step of the check. */
export interface CheckStep {
  name: string;
  /** `pass`, `fail`, or `skip` (not applicable, does not fail the check). */
  result: "pass" | "fail" | "skip";
  detail: string;
}

/** What {@link runDestructiveActionCheck} answers. */
export interface CheckReport {
  passed: boolean;
  /** `embedded mock` or the cloud URL the check evaluated against. */
  sentrail: string;
  steps: CheckStep[];
}

/** Options of {@link runDestructiveActionCheck}. */
export interface DestructiveActionCheckOptions {
  /** `mock`: the embedded Sentrail. `config`: the configured cloud, key and proxy port. */
  against: { kind: "mock" } | { kind: "config"; config: SentrailConfig };
  /** Per finished step (progress on stderr). */
  onStep?: (step: CheckStep) => void;
  fetch?: FetchFunction;
}

/** The harmless read and the destructive command the check sends. */
export const CHECK_COMMANDS = {
  read: "cat README.md",
  destructive: "rm -rf /tmp/sentrail-test-dir",
} as const;

/**
 * `sentrail test`: proves end to end that a destructive command never reaches the upstream. It
 * starts the proxy (`startInterceptor`, the code of `sentrail start`) on a free loopback port in
 * front of a recording stand-in upstream that runs nothing, connects a real MCP client, sends a
 * harmless read (`cat README.md`) and a destructive command (`rm -rf /tmp/sentrail-test-dir`) as
 * `bash` calls, and checks the stand-in's record: the read forwarded exactly once, the destructive
 * command never. Against the configured Sentrail it first checks that the running proxy
 * (`sentrail start`) answers on the configured port.
 *
 * A destructive command is never sent to a real upstream: if a policy wrongly allowed it, only the
 * stand-in would see it. A destructive command held for approval counts as not forwarded; the
 * check does not wait for a reviewer (the approval request stays open in Sentrail).
 *
 * How it fails: never rejects for a failed step; each step says why. Rejects only when the embedded
 * Sentrail or the proxy cannot start (no free port).
 *
 * @example
 * const report = await runDestructiveActionCheck({ against: { kind: "mock" } });
 * process.exitCode = report.passed ? 0 : 1;
 */
export async function runDestructiveActionCheck(
  options: DestructiveActionCheckOptions,
): Promise<CheckReport> {
  const steps: CheckStep[] = [];
  const record = (step: CheckStep) => {
    steps.push(step);
    options.onStep?.(step);
  };
  const embedded = options.against.kind === "mock" ? await startEmbeddedSentrail() : null;
  const config =
    options.against.kind === "config"
      ? options.against.config
      : { apiKey: embedded!.apiKey, cloudUrl: embedded!.baseUrl, port: 0 };
  try {
    if (options.against.kind === "config") {
      const url = `http://127.0.0.1:${options.against.config.port}`;
      try {
        const running = await connectProxyClient(url, { timeoutMs: 3_000 });
        const name = running.getServerVersion()?.name;
        await running.close();
        record(
          name === "sentrail"
            ? { name: "proxy running", result: "pass", detail: `sentrail start answers on ${url}` }
            : {
                name: "proxy running",
                result: "fail",
                detail: `${url} answers, but it is not the Sentrail proxy (${name})`,
              },
        );
      } catch {
        record({
          name: "proxy running",
          result: "fail",
          detail: `nothing answers on ${url}; run sentrail start`,
        });
      }
    } else {
      record({ name: "proxy running", result: "skip", detail: "--mock: the check starts its own proxy" });
    }

    const recorder = createRecordingUpstream();
    let proxy: Awaited<ReturnType<typeof startInterceptor>>;
    try {
      proxy = await startInterceptor({
        config: { apiKey: config.apiKey, cloudUrl: config.cloudUrl },
        upstream: recorder.upstream,
        port: 0,
        agentId: "sentrail-test",
        // A held destructive command is the pass we look for: do not wait for a reviewer.
        approvalTimeoutMs: 1,
        ...(options.fetch ? { fetch: options.fetch } : {}),
      });
    } catch (error) {
      record({ name: "check proxy", result: "fail", detail: `could not start: ${(error as Error).message}` });
      return { passed: false, sentrail: describe(options), steps };
    }
    try {
      const client = await connectProxyClient(proxy.url);
      try {
        const read = await send(client, CHECK_COMMANDS.read);
        const forwardedReads = recorder.calls.filter(
          (call) => call.arguments.command === CHECK_COMMANDS.read,
        );
        record(
          read.ok && forwardedReads.length === 1
            ? {
                name: "harmless read forwarded",
                result: "pass",
                detail: `${CHECK_COMMANDS.read}: allowed, reached the upstream once`,
              }
            : {
                name: "harmless read forwarded",
                result: "fail",
                detail: `${CHECK_COMMANDS.read}: ${read.ok ? `reached the upstream ${forwardedReads.length} times` : read.message}`,
              },
        );
        const destructive = await send(client, CHECK_COMMANDS.destructive);
        const leaked = recorder.calls.filter((call) => call.arguments.command === CHECK_COMMANDS.destructive);
        record(
          !destructive.ok && leaked.length === 0
            ? {
                name: "destructive command stopped",
                result: "pass",
                detail: `${CHECK_COMMANDS.destructive}: ${destructive.message}; never reached the upstream`,
              }
            : {
                name: "destructive command stopped",
                result: "fail",
                detail: `${CHECK_COMMANDS.destructive}: reached the upstream ${leaked.length} time(s): add a policy that blocks critical shell commands`,
              },
        );
      } finally {
        await client.close();
      }
    } finally {
      await proxy.close();
    }
  } finally {
    await embedded?.close();
  }
  return { passed: steps.every((step) => step.result !== "fail"), sentrail: describe(options), steps };
}

async function send(
  client: Awaited<ReturnType<typeof connectProxyClient>>,
  command: string,
): Promise<{ ok: true } | { ok: false; message: string }> {
  try {
    const result = await client.callTool({ name: "bash", arguments: { command } });
    return result.isError ? { ok: false, message: "answered isError" } : { ok: true };
  } catch (error) {
    if (error instanceof McpError)
      return {
        ok: false,
        message: `${error.code} ${error.message.replace(`MCP error ${error.code}: `, "")}`,
      };
    return { ok: false, message: (error as Error).message };
  }
}

function describe(options: DestructiveActionCheckOptions): string {
  return options.against.kind === "mock" ? "embedded mock" : options.against.config.cloudUrl;
}
