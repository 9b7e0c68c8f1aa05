import { redactSecrets } from "../engine/redact-secrets.js";
import { createFakeGitHub } from "./create-fake-github.js";
import { createFakeLinear } from "./create-fake-linear.js";
import { createFakeMcpServer } from "./create-fake-mcp-server.js";
import { createMcpForwarder } from "./create-mcp-forwarder.js";
import { jsonUpstreamResponse } from "./json-upstream-response.js";
import { collectSecretValues, redactHeaders } from "./redact-upstream-secrets.js";
import {
  DEFAULT_UPSTREAM_TIMEOUT_MS,
  delayUpstream,
  runWithUpstreamTimeout,
} from "./run-with-upstream-timeout.js";
import {
  type FakeUpstream,
  type UpstreamDispatcher,
  UpstreamNetworkError,
  type UpstreamRecord,
  type UpstreamRequest,
  type UpstreamResponse,
  type UpstreamScript,
  type UpstreamTool,
} from "./upstream-types.js";

/** Options for {@link createUpstreamDispatcher}. */
export interface CreateUpstreamDispatcherOptions {
  /** The mock clock; stamps `at` on every record. */
  now: () => Date;
  /** Used for real upstreams. Default: `globalThis.fetch`, read at call time (so MSW or a test can swap it). */
  fetch?: typeof globalThis.fetch;
  /** Bound on one real upstream exchange, MCP handshake included. Default 30 000 ms (contract §11). */
  timeoutMs?: number;
}

/** Response headers that describe the wire encoding, which no longer holds once the body is text. */
const DROPPED_RESPONSE_HEADERS = new Set([
  "content-encoding",
  "content-length",
  "transfer-encoding",
  "connection",
  "keep-alive",
]);

interface QueuedScript {
  script: UpstreamScript;
  remaining: number;
}

/**
 * Creates the mock's {@link UpstreamDispatcher}: the one place where allowed and approved calls leave
 * the engine. Who answers a call, in order:
 *
 * 1. **a scripted answer** queued with {@link UpstreamDispatcher.script} (`POST /__mock/upstream`), first
 *    in, first out per tool; each is used `times` times (default 1). `networkError: true` rejects with
 *    {@link UpstreamNetworkError}; `delayMs` waits first (real time); `status` defaults to 200; `body`
 *    is sent as JSON unless it is a string. For `mcp`, an object body without `"jsonrpc"` is wrapped as
 *    the `result` of a JSON-RPC response to the call's id, and a JSON-RPC body without `id` gets it;
 * 2. **the built-in fake** (GitHub REST, Linear GraphQL, MCP JSON-RPC) when `request.useFake`;
 * 3. **the real upstream** over `fetch`, bounded by `timeoutMs`; MCP servers are spoken to over
 *    streamable HTTP with a session (see `createMcpForwarder`).
 *
 * Every call that reaches an upstream (scripted, fake or real, failing or not) is recorded first, with
 * `authorization`, cookies, session ids and any token-looking header value replaced by `"[redacted]"`,
 * and the URL and body passed through `redactSecrets` (every known secret shape, URL userinfo,
 * credential-named query parameters and fields, and the credential values the headers carried). MCP handshake
 * messages are not recorded: only the calls the engine asked for.
 *
 * Pure TypeScript with no Node built-ins: it also runs in-process in browsers and edge runtimes.
 *
 * @example
 * const dispatcher = createUpstreamDispatcher({ now: () => new Date() });
 * dispatcher.script({ tool: "github", status: 500, body: { message: "boom" } });
 * const answer = await dispatcher.send({ tool: "github", method: "GET", useFake: true,
 *   url: "https://api.github.com/repos/o/r", headers: {}, body: null });
 * // answer.status === 500; dispatcher.records().length === 1
 */
export function createUpstreamDispatcher(options: CreateUpstreamDispatcherOptions): UpstreamDispatcher {
  const timeoutMs = options.timeoutMs ?? DEFAULT_UPSTREAM_TIMEOUT_MS;
  const currentFetch = () => options.fetch ?? globalThis.fetch;
  const forwarder = createMcpForwarder({ fetch: currentFetch });
  let records: UpstreamRecord[] = [];
  let queues = new Map<UpstreamTool, QueuedScript[]>();
  let fakes = createFakes();

  function record(request: UpstreamRequest): void {
    const knownSecrets = collectSecretValues(request.headers);
    records.push({
      tool: request.tool,
      method: request.method.toUpperCase(),
      url: redactSecrets(request.url, { knownSecrets }),
      headers: redactHeaders(request.headers),
      body: redactSecrets(parseBody(request.body), { knownSecrets }),
      at: options.now().toISOString(),
    });
  }

  function takeScript(tool: UpstreamTool): UpstreamScript | undefined {
    const queue = queues.get(tool);
    const head = queue?.[0];
    if (!queue || !head) return undefined;
    head.remaining -= 1;
    if (head.remaining <= 0) queue.shift();
    return head.script;
  }

  async function sendReal(
    request: UpstreamRequest,
    signal: AbortSignal | undefined,
  ): Promise<UpstreamResponse> {
    return runWithUpstreamTimeout(timeoutMs, signal, async (timeoutSignal) => {
      if (request.tool === "mcp") return forwarder.forward(request, timeoutSignal);
      const method = request.method.toUpperCase();
      const response = await currentFetch()(request.url, {
        method,
        headers: request.headers,
        // fetch refuses a body on GET/HEAD; such a body has no meaning upstream anyway.
        body: method === "GET" || method === "HEAD" ? undefined : (request.body ?? undefined),
        signal: timeoutSignal,
      });
      const headers: Record<string, string> = {};
      response.headers.forEach((value, name) => {
        if (!DROPPED_RESPONSE_HEADERS.has(name)) headers[name] = value;
      });
      return { status: response.status, headers, body: await response.text() };
    });
  }

  return {
    async send(request, sendOptions) {
      record(request);
      const script = takeScript(request.tool);
      if (script) return answerScript(script, request, sendOptions?.signal);
      if (request.useFake) return fakes[request.tool].answer(request);
      return sendReal(request, sendOptions?.signal);
    },
    script(script) {
      const times = Math.max(1, Math.floor(script.times ?? 1));
      const queue = queues.get(script.tool) ?? [];
      queue.push({ script: { ...script }, remaining: times });
      queues.set(script.tool, queue);
    },
    records() {
      // A copy: the engine serialises it into /__mock/state, and callers must not edit history.
      return [...records];
    },
    reset() {
      records = [];
      queues = new Map();
      // Fresh fakes: numbering starts at 1 again, as on a new mock.
      fakes = createFakes();
      forwarder.reset();
    },
  };
}

function createFakes(): Record<UpstreamTool, FakeUpstream> {
  return { github: createFakeGitHub(), linear: createFakeLinear(), mcp: createFakeMcpServer() };
}

async function answerScript(
  script: UpstreamScript,
  request: UpstreamRequest,
  signal: AbortSignal | undefined,
): Promise<UpstreamResponse> {
  if (script.delayMs && script.delayMs > 0) await delayUpstream(script.delayMs, signal);
  if (script.networkError) throw new UpstreamNetworkError("Scripted network error (POST /__mock/upstream)");
  const status = script.status ?? 200;
  const body = request.tool === "mcp" ? asJsonRpcAnswer(script.body, request.body) : script.body;
  if (typeof body === "string") {
    return {
      status,
      headers: { "content-type": looksLikeJson(body) ? "application/json" : "text/plain" },
      body,
    };
  }
  return jsonUpstreamResponse(status, body);
}

/** Lets a test script an MCP answer by its `result` alone; the JSON-RPC envelope follows the call. */
function asJsonRpcAnswer(body: unknown, requestBody: string | null): unknown {
  if (body === null || typeof body !== "object" || Array.isArray(body)) return body;
  const id = readId(requestBody);
  if ("jsonrpc" in body) return "id" in body ? body : { ...body, id };
  return { jsonrpc: "2.0", id, result: body };
}

function readId(body: string | null): unknown {
  const parsed = parseBody(body);
  if (parsed !== null && typeof parsed === "object" && !Array.isArray(parsed) && "id" in parsed) {
    return (parsed as { id: unknown }).id;
  }
  return null;
}

/** The record's `body`: parsed JSON when the text is JSON, the text otherwise, null for none. */
function parseBody(body: string | null): unknown {
  if (body === null || body === "") return null;
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}

function looksLikeJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
