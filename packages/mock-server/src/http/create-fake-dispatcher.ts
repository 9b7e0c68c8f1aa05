import {
  type UpstreamDispatcher,
  UpstreamNetworkError,
  type UpstreamRecord,
  type UpstreamRequest,
  type UpstreamResponse,
  type UpstreamScript,
} from "../upstream/upstream-types.js";

/** A recording dispatcher for unit tests, with queued answers. */
export interface FakeDispatcher extends UpstreamDispatcher {
  /** Every request as the engine sent it (credentials included, unlike `records()`). */
  readonly sent: UpstreamRequest[];
  /** Queues the answer (or failure) for the next call. */
  next(answer: UpstreamResponse | Error | ((request: UpstreamRequest) => Promise<UpstreamResponse>)): void;
}

/**
 * A small stand-in for the upstream dispatcher in engine and handler tests: records every call and
 * answers from a queue, else with a plausible default (GitHub writes `201`, reads `200`, deletes `204`;
 * Linear `{ data: { … success } }`; MCP `tools/list` one tool, `tools/call` a text result).
 *
 * @example
 * const upstream = createFakeDispatcher();
 * upstream.next(new UpstreamNetworkError("down"));
 */
export function createFakeDispatcher(): FakeDispatcher {
  const sent: UpstreamRequest[] = [];
  let queue: Array<UpstreamResponse | Error | ((request: UpstreamRequest) => Promise<UpstreamResponse>)> = [];
  let records: UpstreamRecord[] = [];
  return {
    sent,
    next(answer) {
      queue.push(answer);
    },
    async send(request) {
      sent.push(request);
      records.push({
        tool: request.tool,
        method: request.method,
        url: request.url,
        headers: Object.fromEntries(
          Object.entries(request.headers).map(([name, value]) => [
            name,
            name === "authorization" ? "[redacted]" : value,
          ]),
        ),
        body: request.body,
        at: new Date().toISOString(),
      });
      const answer = queue.shift();
      if (answer instanceof Error) throw answer;
      if (typeof answer === "function") return answer(request);
      if (answer) return answer;
      return defaultAnswer(request);
    },
    script(script: UpstreamScript) {
      for (let index = 0; index < (script.times ?? 1); index++) {
        queue.push(
          script.networkError
            ? new UpstreamNetworkError("scripted")
            : {
                status: script.status ?? 200,
                headers: { "content-type": "application/json" },
                body: JSON.stringify(script.body ?? {}),
              },
        );
      }
    },
    records: () => [...records],
    reset() {
      queue = [];
      records = [];
      sent.length = 0;
    },
  };
}

function json(status: number, body: unknown): UpstreamResponse {
  return {
    status,
    headers: { "content-type": "application/json" },
    body: body === undefined ? "" : JSON.stringify(body),
  };
}

function defaultAnswer(request: UpstreamRequest): UpstreamResponse {
  if (request.tool === "mcp") {
    const message = JSON.parse(request.body ?? "{}") as {
      id?: unknown;
      method?: string;
      params?: { name?: string };
    };
    if (message.method === "tools/list") {
      return json(200, {
        jsonrpc: "2.0",
        id: message.id,
        result: { tools: [{ name: "create_issue", inputSchema: { type: "object" } }] },
      });
    }
    return json(200, {
      jsonrpc: "2.0",
      id: message.id,
      result: { content: [{ type: "text", text: `ran ${message.params?.name}` }] },
    });
  }
  if (request.tool === "linear") return json(200, { data: { issueCreate: { success: true } } });
  if (request.method === "DELETE") return { status: 204, headers: {}, body: "" };
  if (request.method === "GET") return json(200, { id: 1, full_name: "octo/app" });
  return json(201, { id: 42, number: 42, html_url: "https://github.com/octo/app/issues/42" });
}
