import { createMockSentrail, type MockSentrail } from "../create-mock-sentrail.js";
import { redactSecrets } from "../engine/redact-secrets.js";
import type { Seed, SeedResult } from "../engine/seed-types.js";
import { createReviewerPageHandler } from "./create-reviewer-page-handler.js";
import { listenFetchHandler } from "./listen-fetch-handler.js";
import type { ServerLimits } from "./resolve-server-limits.js";

/** Options for {@link startMockServer}. */
export interface StartMockServerOptions {
  /** Port to listen on. Default 0: a free port, read it from `origin` (the command's default is 4010). */
  port?: number;
  /** Address to bind. Default `127.0.0.1`: the control plane has no authentication. */
  host?: string;
  /** A seed (mock-server.md §4) loaded before the server listens, e.g. {@link demoSeed}(). Default: none. */
  seed?: Seed | null;
  /**
   * When false, logs one line per request to stdout (`POST /functions/v1/evaluate-action 200 1.2 ms`).
   * Default true: a server started from a test stays silent.
   */
  quiet?: boolean;
  /** The mock to serve, e.g. one a test also drives in process. Default: a new `createMockSentrail()`. */
  mock?: MockSentrail;
  /**
   * Timeouts and header size, so a slow or silent client cannot hold a connection forever. Default:
   * `DEFAULT_SERVER_LIMITS` (headers 10 s, request 30 s, keep-alive 30 s, idle socket 120 s, 16 KiB
   * of headers).
   */
  limits?: Partial<ServerLimits>;
  /** Where the access log (`quiet: false`) and handler failures are written. Default: the console. */
  log?: { info(line: string): void; error(line: string): void };
}

/** A running mock server. */
export interface RunningMockServer {
  /** `http://127.0.0.1:<port>`: the control plane lives at `${origin}/__mock/...`. */
  origin: string;
  /** `${origin}/functions/v1`: what an SDK or agent takes as its Sentrail base URL. */
  baseUrl: string;
  /** The engine behind the server, for in-process control (the same state the HTTP side sees). */
  mock: MockSentrail;
  /** What loading `options.seed` answered (ids and a user token per member), or null without a seed. */
  seeded: SeedResult | null;
  /**
   * `${origin}/`: the reviewer page (approvals, audit log, kill switch, policies), or null when the
   * package's built page files are missing (a source checkout that was never built).
   */
  reviewerUrl: string | null;
  /** Stops listening, finishes in-flight requests (up to 1 s) and resolves when closed. Idempotent. */
  close(): Promise<void>;
}

/**
 * Serves the mock over `node:http` — the same engine and router as the MSW handlers — so any HTTP
 * client (curl, a Python agent, the MCP Inspector, a child process) can use it. This is what the
 * `sentrail-mock` command runs; tests start one per suite on port 0. It also serves the reviewer page
 * at `/` (`reviewerUrl`), a browser client of the same public endpoints (the MSW mode does not).
 *
 * How it fails: a seed that breaks the contract rejects with the engine's `MockControlError` (its
 * message names what and where) before anything listens; an address that cannot be bound rejects with Node's error (`code` `EADDRINUSE`, `EACCES`,
 * `ENOTFOUND`). Requests the engine throws on are answered `500` and logged to stderr. Log lines never
 * carry a secret: query strings and error texts pass through `redactSecrets` (`?api_key=[redacted]`).
 *
 * @example
 * import { demoSeed, DEMO_API_KEY, startMockServer } from "@sentrail/mock-server/node";
 *
 * const server = await startMockServer({ seed: demoSeed() });
 * const response = await fetch(`${server.baseUrl}/evaluate-action`, {
 *   method: "POST",
 *   headers: { authorization: `Bearer ${DEMO_API_KEY}`, "content-type": "application/json" },
 *   body: JSON.stringify({ tool: "github", action: "issues.create", riskLevel: "medium" }),
 * });
 * await server.close();
 */
export async function startMockServer(options: StartMockServerOptions = {}): Promise<RunningMockServer> {
  const mock = options.mock ?? createMockSentrail();
  const page = createReviewerPageHandler();
  const handle = async (request: Request) => page.handle(request) ?? mock.handle(request);
  // Seed before listening: a refused seed must leave nothing running.
  const seeded = options.seed ? await mock.control.seed(options.seed) : null;
  const quiet = options.quiet ?? true;
  const log = options.log ?? { info: (line) => console.log(line), error: (line) => console.error(line) };
  const listening = await listenFetchHandler(handle, {
    port: options.port ?? 0,
    host: options.host ?? "127.0.0.1",
    limits: options.limits,
    // `served.path` is already redacted by the request listener.
    onRequest: quiet
      ? undefined
      : (served) =>
          log.info(`${served.method} ${served.path} ${served.status} ${served.durationMs.toFixed(1)} ms`),
    onError: (error) =>
      log.error(`sentrail-mock: request failed inside the mock: ${redactSecrets(describeError(error))}`),
  });
  return {
    origin: listening.origin,
    baseUrl: `${listening.origin}/functions/v1`,
    mock,
    seeded,
    reviewerUrl: page.available ? `${listening.origin}/` : null,
    close: () => listening.close(),
  };
}

function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
}
