import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { GuardApprovalHandle } from "@sentrail/client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createHeldCallFile } from "./create-held-call-file";

const handle = {
  type: "sentrail.guard.approval",
  version: 1,
  toolName: "create_issue",
  callKey: "anonymous:1",
  argumentsDigest: "a".repeat(64),
  tool: "mcp",
  replay: "sentrail",
  evaluation: { decision: "require_approval", approvalRequestId: "r", correlationId: "c", auditLogId: "a" },
} as unknown as GuardApprovalHandle;

const DAY_MS = 86_400_000;
let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), "held-call-file-"));
});
afterEach(() => rm(directory, { recursive: true, force: true }));

describe("createHeldCallFile", () => {
  it("reads a missing file as empty; what one instance writes (mode 0600) a later one reads and deletes", async () => {
    const path = join(directory, "nested", "state.json");
    const writer = createHeldCallFile(path, () => 10 * DAY_MS);
    expect(await writer.get("create_issue:abc")).toBeUndefined();
    await writer.set("create_issue:abc", handle);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(path, "utf8"))).toEqual({
      version: 1,
      held: { "create_issue:abc": { handle, heldAt: 10 * DAY_MS } },
    });
    const later = createHeldCallFile(path, () => 11 * DAY_MS);
    expect(await later.get("create_issue:abc")).toEqual(handle);
    await later.delete("create_issue:abc");
    expect(await writer.get("create_issue:abc")).toBeUndefined();
  });

  it("drops entries older than seven days on the next write, and ignores entries that are not handles", async () => {
    const path = join(directory, "state.json");
    await createHeldCallFile(path, () => DAY_MS).set("old:1", handle);
    await createHeldCallFile(path, () => 9 * DAY_MS).set("new:1", { broken: true } as never);
    const held = JSON.parse(await readFile(path, "utf8")).held;
    expect(Object.keys(held)).toEqual(["new:1"]);
    expect(await createHeldCallFile(path).get("new:1")).toBeUndefined();
  });

  it("rejects a file that is not a bridge state file", async () => {
    const path = join(directory, "state.json");
    await writeFile(path, '{"something":"else"}');
    await expect(createHeldCallFile(path).get("create_issue:abc")).rejects.toThrow(TypeError);
  });
});
