import { asJsonObject } from "../engine/as-json-object.js";
import { MockControlError } from "../engine/mock-control-error.js";
import { parseBoundedJson } from "../engine/parse-bounded-json.js";
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
 * settled. A body nested deeper than `MAX_JSON_DEPTH` is `400 "Invalid JSON body"`, like one that is
 * not JSON, and changes nothing.
 *
 * `GET state` always answers 200: request bodies are depth-checked before anything is stored, and
 * should a value still refuse `JSON.stringify` (a cycle or a BigInt handed to `control` in process,
 * an upstream's over-deep answer), only that field is replaced by `"[unserialisable]"`.
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
      return stateResponse(control.state());
    }
    const text = await request.text();
    let body: Record<string, unknown> | undefined;
    try {
      body = asJsonObject(text.trim() === "" ? {} : parseBoundedJson(text));
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

const UNSERIALISABLE = "[unserialisable]";

function stateResponse(state: object): Response {
  try {
    return jsonResponse(200, state);
  } catch {
    // Rare by construction: find the rows and fields that cannot be written and replace only those.
    const safe: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(state)) {
      safe[name] = Array.isArray(value) ? value.map(serialisableRow) : serialisable(value);
    }
    return jsonResponse(200, safe);
  }
}

function serialisableRow(row: unknown): unknown {
  if (canSerialise(row)) return row;
  const object = asJsonObject(row);
  if (!object) return UNSERIALISABLE;
  return Object.fromEntries(Object.entries(object).map(([key, value]) => [key, serialisable(value)]));
}

function serialisable(value: unknown): unknown {
  return canSerialise(value) ? value : UNSERIALISABLE;
}

function canSerialise(value: unknown): boolean {
  try {
    JSON.stringify(value);
    return true;
  } catch {
    return false;
  }
}
