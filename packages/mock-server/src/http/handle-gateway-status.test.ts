import { beforeEach, describe, expect, it } from "vitest";
import {
  createHandlerTestKit,
  type HandlerTestKit,
  type SeededTestWorkspace,
} from "./create-handler-test-kit.js";

let kit: HandlerTestKit;
let ws: SeededTestWorkspace;

beforeEach(async () => {
  kit = createHandlerTestKit();
  ws = await kit.seedWorkspace({
    policies: [
      { name: "Review PRs", tool: "github", actionPattern: "pull_request.*", mode: "require_approval" },
    ],
  });
});

async function queueApproval(): Promise<string> {
  const { body } = await kit.call("POST", "/evaluate-action", {
    bearer: ws.keys.evaluate,
    body: { tool: "github", action: "pull_request.create", riskLevel: "high" },
  });
  return body.correlationId as string;
}

describe("GET /gateway-proxy/status/{correlationId}", () => {
  it("takes the correlation id in any letter case, like approval-decision and kill-switch", async () => {
    const correlationId = await queueApproval();
    const poll = await kit.call("GET", `/gateway-proxy/status/${correlationId.toUpperCase()}`, {
      bearer: ws.keys.evaluate,
    });
    expect(poll).toMatchObject({ status: 200, body: { ok: true, status: "pending", correlationId } });
  });

  it("answers 404 for an id that is not a UUID, unknown, or from another workspace", async () => {
    const correlationId = await queueApproval();
    const other = await kit.seedWorkspace();
    for (const [id, key] of [
      ["not-a-uuid", ws.keys.evaluate],
      [crypto.randomUUID(), ws.keys.evaluate],
      [correlationId, other.keys.evaluate],
    ] as const) {
      expect(await kit.call("GET", `/gateway-proxy/status/${id}`, { bearer: key })).toMatchObject({
        status: 404,
        body: { ok: false, error: "Approval request not found" },
      });
    }
  });
});
