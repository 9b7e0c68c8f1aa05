import type { MockFault } from "./fault-queue.js";
import { CORS_HEADERS } from "./json-response.js";

/**
 * Plays a fault (mock-server.md §3): waits `delayMs` (real time), then answers `Response.error()`
 * for `networkError`, or the fault's status (default 500) and body (default
 * `{ ok: false, error: "Injected fault" }`). A fault with only `delayMs` resolves null after the
 * wait: the call is then handled normally.
 *
 * @example
 * const faulted = await answerFault({ endpoint: "evaluate-action", status: 503 });
 */
export async function answerFault(fault: MockFault): Promise<Response | null> {
  if (fault.delayMs && fault.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
  if (fault.networkError) return Response.error();
  const delayOnly = fault.delayMs !== undefined && fault.status === undefined && fault.body === undefined;
  if (delayOnly) return null;
  const status = fault.status ?? 500;
  const noBody = status === 204 || status === 205 || status === 304;
  const body = fault.body === undefined ? { ok: false, error: "Injected fault" } : fault.body;
  const text = typeof body === "string" ? body : JSON.stringify(body);
  const contentType = typeof body === "string" && !looksLikeJson(body) ? "text/plain" : "application/json";
  return new Response(noBody ? null : text, {
    status,
    headers: { ...CORS_HEADERS, "content-type": contentType },
  });
}

function looksLikeJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
