import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// Issue 12, item 1: unauthenticated webhook deliveries must not grow memory. The built command runs
// with a 128 MB old-space cap; before the event log was bounded, ~12 such deliveries killed a 96 MB heap.
// There is no heap field to read over HTTP, so the assertions are: the process survives and answers,
// and what the event log retains stays within its documented bound (~2.5 KB of JSON per event).

const CLI = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
const LISTENING = /listening on (http:\/\/127\.0\.0\.1:\d+) /;
const DELIVERIES = 40;
/** Just under the node adapter's 8 MiB body limit. */
const DELIVERY_BYTES = 8 * 1024 * 1024 - 1024;
/** The documented per-event bound of the webhook event log (payload preview + metadata). */
const RETAINED_BYTES_PER_EVENT = 2_600;

let child: ChildProcess;
let origin: string;
const stderr: string[] = [];

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: build the package first (npx tsup)`);
  child = spawn(
    process.execPath,
    ["--max-old-space-size=128", CLI, "--port", "0", "--host", "127.0.0.1", "--quiet"],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  child.stderr?.on("data", (chunk: Buffer) => stderr.push(chunk.toString("utf8")));
  origin = await new Promise<string>((resolve, reject) => {
    let seen = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      seen += chunk.toString("utf8");
      const match = LISTENING.exec(seen);
      if (match) resolve(match[1] as string);
    });
    child.on("exit", (code) => reject(new Error(`sentrail-mock exited (${code}): ${stderr.join("")}`)));
  });
});

afterAll(() => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
});

/**
 * An unmatched GitHub event of exactly `bytes` bytes: one big field (`shape` 0), or ~140,000 small
 * objects (`shape` 3, heavier to parse: every seventh delivery, so the file stays well under a minute).
 */
function delivery(shape: number, bytes: number): Uint8Array<ArrayBuffer> {
  const head = `{"repository":{"full_name":"nobody/${shape}"},"commits":[`;
  if (shape !== 3) {
    const filler = `{"message":"${"m".repeat(bytes - head.length - 16)}"}`;
    return new TextEncoder().encode(`${head}${filler}]}`.padEnd(bytes, " "));
  }
  const commit = '{"id":"0123456789abcdef","message":"fix","added":["a.ts"]},';
  const count = Math.floor((bytes - head.length - 4) / commit.length);
  const text = `${head}${commit.repeat(count).slice(0, -1)}]}`;
  return new TextEncoder().encode(text.padEnd(bytes, " "));
}

describe("sentrail-mock under a flood of large unauthenticated webhooks", () => {
  it(`survives ${DELIVERIES} × 8 MiB deliveries under --max-old-space-size=128 and retains a bounded log`, async () => {
    // Two shapes built once: the server parses every delivery afresh, the client need not rebuild them.
    const bodies = [delivery(0, DELIVERY_BYTES), delivery(3, DELIVERY_BYTES)];
    for (let index = 0; index < DELIVERIES; index++) {
      const body = bodies[index % 7 === 3 ? 1 : 0] as Uint8Array<ArrayBuffer>;
      const response = await fetch(`${origin}/functions/v1/webhook-github`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-github-event": "push" },
        body,
      });
      expect(response.status, `delivery ${index}: ${stderr.join("")}`).toBe(200);
      expect(await response.json()).toEqual({ ok: true, processed: false });
    }
    const state = await fetch(`${origin}/__mock/state`);
    expect(state.status).toBe(200);
    const { webhookEvents } = (await state.json()) as { webhookEvents: Array<{ payload: unknown }> };
    expect(webhookEvents).toHaveLength(DELIVERIES);
    expect(webhookEvents.every((event) => (event.payload as { _truncated?: boolean })._truncated)).toBe(true);
    expect(JSON.stringify(webhookEvents).length).toBeLessThan(DELIVERIES * RETAINED_BYTES_PER_EVENT);
    expect(child.exitCode).toBeNull();
    expect(stderr.join("")).not.toMatch(/heap out of memory/i);
  }, 60_000);
});
