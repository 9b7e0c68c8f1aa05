import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { type GuardApprovalHandle, isGuardApprovalHandle } from "@sentrail/client";
import type { McpGateHeldCalls } from "./create-mcp-gate-bridge";

/** Entries older than this are dropped on the next write: Sentrail's approvals expire long before. */
const MAX_AGE_MS = 7 * 24 * 3_600_000;

interface HeldCallFileContent {
  version: 1;
  held: Record<string, { handle: GuardApprovalHandle; heldAt: number }>;
}

/**
 * The bridge's held calls in one JSON file (`sentrail-mcp-bridge --state <file>`), so a held call
 * outlives the bridge process: `{ "version": 1, "held": { "<tool>:<sha256>": { "handle", "heldAt" } } }`.
 * The file holds approval handles (ids and the arguments' digest), never arguments, results or the key;
 * it is written with mode 0600, through a temporary file and a rename, so a crash never leaves half a
 * file. Every `get` reads the file again, so a bridge started later sees what the earlier one wrote.
 *
 * Meant for one bridge at a time (a host starts one per server entry): two bridges writing the same file
 * at once can lose each other's newest entry, which then only costs a fresh approval request. A missing
 * file is empty; an unreadable one is reported as a rejection (the bridge then sends the call to the
 * gate as usual).
 *
 * @example
 * ```ts
 * const heldCalls = createHeldCallFile(`${process.env.HOME}/.sentrail/bridge-state.json`);
 * createMcpGateBridge(gate, { heldCalls });
 * ```
 */
export function createHeldCallFile(path: string, now: () => number = Date.now): McpGateHeldCalls {
  let writing: Promise<unknown> = Promise.resolve();

  const read = async (): Promise<HeldCallFileContent> => {
    let text: string;
    try {
      text = await readFile(path, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return { version: 1, held: {} };
      throw error;
    }
    const content = JSON.parse(text) as Partial<HeldCallFileContent>;
    if (content?.version !== 1 || typeof content.held !== "object" || content.held === null) {
      throw new TypeError(`${path} is not a sentrail-mcp-bridge state file`);
    }
    return content as HeldCallFileContent;
  };

  /** Read-modify-write, one at a time in this process. */
  const update = (change: (held: HeldCallFileContent["held"]) => void): Promise<void> => {
    const next = writing.then(async () => {
      const content = await read();
      change(content.held);
      const oldest = now() - MAX_AGE_MS;
      for (const [key, entry] of Object.entries(content.held)) {
        if (!(entry.heldAt >= oldest)) delete content.held[key];
      }
      await mkdir(dirname(path), { recursive: true });
      const temporary = `${path}.${process.pid}.tmp`;
      await writeFile(temporary, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 });
      await rename(temporary, path);
    });
    writing = next.catch(() => undefined);
    return next;
  };

  return {
    async get(key) {
      await writing;
      const { held } = await read();
      const entry = Object.hasOwn(held, key) ? held[key] : undefined;
      return entry && isGuardApprovalHandle(entry.handle) ? entry.handle : undefined;
    },
    set: (key, handle) =>
      update((held) => {
        held[key] = { handle, heldAt: now() };
      }),
    delete: (key) =>
      update((held) => {
        delete held[key];
      }),
  };
}
