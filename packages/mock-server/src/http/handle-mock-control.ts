import { asJsonObject } from "../engine/as-json-object.js";
import { MockControlError } from "../engine/mock-control-error.js";
import type { Seed } from "../engine/seed-types.js";
import type { UpstreamScript } from "../upstream/upstream-types.js";
import type { MockClockChange, MockControl } from "./create-mock-control.js";
import type { MockFault } from "./fault-queue.js";
import { errorResponse, jsonResponse } from "./json-response.js";

/** How long `GET /__mock/state` waits for Slack deliveries in flight. */
const STATE_SETTLE_LIMIT_MS = 1000;

const ROUTES: Record<string, "GET" | "POST"> = {
  reset: "POST",
  seed: "POST",
  state: "GET",
  clock: "POST",
  token: "POST",
  upstream: "POST",
  faults: "POST",
};

/**
 * The `/__mock/*` control plane (mock-server.md §3), JSON in and out, over {@link MockControl}:
 * `POST reset | seed | clock | token | upstream | faults`, `GET state`. Invalid input →
 * `400 { ok: false, error }` with the control's message; unknown path → 404; wrong method → 405.
 * `GET state` first waits (up to 1 s) for background notification deliveries, so what it shows is
 * settled.
 *
 * @example
 * await handleMockControl(control, new Request("http://localhost/__mock/reset", { method: "POST" }), "reset");
 */
export async function handleMockControl(
  control: MockControl,
  request: Request,
  route: string,
): Promise<Response> {
  const method = ROUTES[route];
  if (!method) return errorResponse(404, "Not found");
  if (request.method !== method) return errorResponse(405, "Method not allowed");
  try {
    if (route === "reset") {
      control.reset();
      return jsonResponse(200, { ok: true });
    }
    if (route === "state") {
      // Settled answers for tests, but never stuck behind a Slack URL that does not answer.
      await control.settle({ timeoutMs: STATE_SETTLE_LIMIT_MS });
      return jsonResponse(200, control.state());
    }
    const text = await request.text();
    let body: Record<string, unknown> | undefined;
    try {
      body = asJsonObject(text.trim() === "" ? {} : JSON.parse(text));
    } catch {
      body = undefined;
    }
    if (!body) return errorResponse(400, "Invalid JSON body");
    switch (route) {
      case "seed":
        return jsonResponse(200, await control.seed(body as Seed));
      case "clock":
        return jsonResponse(200, { ok: true, now: control.clock(body as MockClockChange) });
      case "token": {
        const email = typeof body.email === "string" ? body.email : null;
        return jsonResponse(200, { ok: true, token: control.token(body.userId as string, email) });
      }
      case "upstream":
        control.upstream(body as unknown as UpstreamScript);
        return jsonResponse(200, { ok: true });
      default:
        control.faults(body as unknown as MockFault);
        return jsonResponse(200, { ok: true });
    }
  } catch (error) {
    if (MockControlError.isInstance(error)) return errorResponse(400, error.message);
    throw error;
  }
}
