// `npm start`: the Sentrail story, offline, through the real packages. Starts the mock as a real HTTP
// server on a free loopback port, runs the story (allow, block, approval with replay, denial, kill
// switch), checks it against the mock's records, prints the audit log, and exits 0 only if every step
// happened as expected (1 otherwise, 2 for a bad command line).
import { createSentrailClient } from "@sentrail/client";
import { createSentrailAdminClient } from "@sentrail/client/admin";
import {
  DEMO_ADMIN_USER_ID,
  DEMO_API_KEY,
  DEMO_REVIEWER_USER_ID,
  DEMO_WORKSPACE_ID,
  type RunningMockServer,
  startMockServer,
} from "@sentrail/mock-server/node";
import { createDemoOutput, type DemoOutput } from "./create-demo-output";
import { createHumanReviewer } from "./create-human-reviewer";
import { createScriptedReviewer } from "./create-scripted-reviewer";
import { createStorySeed } from "./create-story-seed";
import type { DemoContext } from "./demo-context";
import { DEMO_USAGE, type DemoArguments, parseDemoArguments } from "./parse-demo-arguments";
import { renderAuditTable } from "./render-audit-table";
import { type DemoStoryResult, runDemoStory } from "./run-demo-story";

const AGENT_ID = "my-coding-agent";
/** How long the scripted reviewer takes to decide: long enough to see the wait, short enough to keep the story quick. */
const SCRIPTED_REVIEW_DELAY_MS = 2500;
const TOKEN_VARIABLE = "REVIEWER_TOKEN";

const parsed = parseDemoArguments(process.argv.slice(2));
if (parsed.kind === "help") {
  console.log(DEMO_USAGE);
  process.exit(0);
}
if (parsed.kind === "error") {
  console.error(`demo: ${parsed.message}\n\n${DEMO_USAGE}`);
  process.exit(2);
}
process.exit(await main(parsed.arguments));

async function main(options: DemoArguments): Promise<number> {
  const started = Date.now();
  const output = createDemoOutput({
    format: options.format,
    color: options.color,
    stream: process.stdout,
    env: process.env,
  });
  let server: RunningMockServer;
  try {
    server = await startMockServer({ seed: createStorySeed() });
  } catch (error) {
    console.error(
      `demo: could not start the mock server: ${error instanceof Error ? error.message : String(error)}`,
    );
    return 1;
  }
  const signals = watchSignals(server);
  try {
    const context = createContext(server, output, options);
    printIntroduction(output, server, options);
    const result = await runDemoStory(context);
    const durationMs = Date.now() - started;
    printConclusion(output, result, durationMs);
    output.json({
      version: 1,
      ok: result.ok,
      durationMs,
      reviewer: options.reviewer,
      mock: {
        origin: server.origin,
        baseUrl: server.baseUrl,
        workspaceId: DEMO_WORKSPACE_ID,
        agentId: AGENT_ID,
      },
      steps: result.steps,
      failure: result.failure,
      auditLog: result.auditLog,
    });
    if (!result.ok && result.failure) {
      const step = result.steps.findIndex((report) => report.id === result.failure?.step) + 1;
      console.error(
        `demo: the story did not happen at step ${step} (${result.failure.step}): ${result.failure.message}`,
      );
    }
    if (options.reviewer === "human") await keepServing(output, server, signals);
    return result.ok ? 0 : 1;
  } catch (error) {
    console.error(`demo: the story stopped: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    await server.close();
  }
}

function createContext(server: RunningMockServer, output: DemoOutput, options: DemoArguments): DemoContext {
  const tokens = server.seeded?.tokens ?? {};
  const human = options.reviewer === "human";
  return {
    server,
    output,
    reviewer: human
      ? createHumanReviewer({
          output,
          baseUrl: server.baseUrl,
          tokenVariable: TOKEN_VARIABLE,
          reviewerUrl: server.reviewerUrl,
        })
      : createScriptedReviewer({
          reviewer: createSentrailAdminClient({
            baseUrl: server.baseUrl,
            accessToken: tokens[DEMO_REVIEWER_USER_ID] ?? "",
          }),
          delayMs: SCRIPTED_REVIEW_DELAY_MS,
        }),
    sentrail: createSentrailClient({ apiKey: DEMO_API_KEY, baseUrl: server.baseUrl, agentId: AGENT_ID }),
    admin: createSentrailAdminClient({
      baseUrl: server.baseUrl,
      accessToken: tokens[DEMO_ADMIN_USER_ID] ?? "",
    }),
    apiKey: DEMO_API_KEY,
    agentId: AGENT_ID,
    workspaceId: DEMO_WORKSPACE_ID,
    // Production polls after 1 s, growing to 10 s; the demo polls quickly so the wait ends soon after the decision.
    polling: human ? { initialDelayMs: 500, maxDelayMs: 2000 } : { initialDelayMs: 250, maxDelayMs: 500 },
    // Scripted: the reviewer answers in 2.5 s, so a longer wait means a step went wrong; fail it soon.
    approvalTimeoutMs: human ? 15 * 60_000 : 15_000,
  };
}

function printIntroduction(output: DemoOutput, server: RunningMockServer, options: DemoArguments): void {
  const { style } = output;
  output.line(style.bold("Sentrail demo: an agent's tool calls, gated. Offline, against the embedded mock."));
  output.line(style.dim(`mock ${server.origin} · workspace "Acme Demo" · agent "${AGENT_ID}"`));
  if (options.reviewer === "human") {
    const token = server.seeded?.tokens[DEMO_REVIEWER_USER_ID] ?? "";
    output.line();
    if (server.reviewerUrl) {
      output.line("You review the held calls. Open the mock's reviewer page in a browser and sign in as");
      output.line(`reviewer@example.com: ${style.cyan(server.reviewerUrl)}`);
      output.line("Or use curl: in another terminal, first set the mock's demo reviewer token");
    } else {
      output.line("You review the held calls. In another terminal, first set the mock's demo reviewer token");
    }
    output.line("(an unsigned token that only this mock accepts):");
    output.line(`  ${style.cyan(`export ${TOKEN_VARIABLE}=${token}`)}`);
  }
}

function printConclusion(output: DemoOutput, result: DemoStoryResult, durationMs: number): void {
  const { style } = output;
  output.line();
  output.line(style.bold(`Audit log (${result.auditLog.length} rows, from the mock's /__mock/state)`));
  output.line(
    renderAuditTable(result.auditLog, {
      paintDecision: (decision, padded) =>
        decision === "allow"
          ? style.green(padded)
          : decision === "block"
            ? style.red(padded)
            : style.yellow(padded),
    }),
  );
  output.line();
  const seconds = (durationMs / 1000).toFixed(1);
  if (result.ok) {
    output.line(
      style.green(style.bold(`✔ The story happened: ${result.steps.length} steps verified in ${seconds} s.`)),
    );
  } else {
    output.line(style.red(style.bold(`✖ The story did not happen (${seconds} s).`)));
  }
}

/** `--interactive`: keep the mock up for the reviewer page, curl and the MCP Inspector until Ctrl+C. */
async function keepServing(
  output: DemoOutput,
  server: RunningMockServer,
  signals: SignalWatch,
): Promise<void> {
  output.line();
  output.line(`The mock keeps running at ${server.baseUrl} (state: ${server.origin}/__mock/state).`);
  if (server.reviewerUrl) {
    output.line(
      `Its reviewer page (audit log, kill switch, policies): ${output.style.cyan(server.reviewerUrl)}`,
    );
  }
  output.line(
    "The kill switch is still on, so new calls are refused. Try your own with the mock's demo API key",
  );
  output.line("(the mock's own, accepted by no real Sentrail):");
  output.line(`  ${output.style.cyan(`KEY=${DEMO_API_KEY}`)}`);
  output.line(
    `  ${output.style.cyan(`curl -s ${server.baseUrl}/evaluate-action -H "Authorization: Bearer $KEY" -H "content-type: application/json" -d '{"tool":"github","action":"read","riskLevel":"low"}'`)}`,
  );
  output.line("Press Ctrl+C to stop.");
  await signals.untilStopped();
}

/** What the demo does on Ctrl+C and SIGTERM. */
interface SignalWatch {
  /** Resolves on the first signal; until called, a signal stops the demo at once. */
  untilStopped(): Promise<void>;
}

/**
 * During the story, a signal closes the mock and exits 130 (SIGINT) or 143 (SIGTERM). While
 * `--interactive` keeps serving, it ends the wait instead, so the demo exits with the story's status.
 * Later signals are ignored: `npm start` forwards the one the terminal already sent to the whole group.
 */
function watchSignals(server: RunningMockServer): SignalWatch {
  let release: (() => void) | undefined;
  let stopping = false;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      if (release) {
        release();
        return;
      }
      console.error(`demo: ${signal}, stopping the mock server`);
      void server.close().finally(() => process.exit(signal === "SIGINT" ? 130 : 143));
    });
  }
  return {
    untilStopped: () =>
      new Promise<void>((resolve) => {
        release = resolve;
      }),
  };
}
