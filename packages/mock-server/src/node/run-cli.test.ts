import { describe, expect, it } from "vitest";
import { DEMO_API_KEY } from "./demo-seed.js";
import { type CliIo, formatListeningLine, runCli } from "./run-cli.js";

/** An io that records lines and asks the command to stop as soon as it is serving. */
function captureIo() {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    waitForStop: async () => "SIGTERM",
  };
  return { io, out, err };
}

describe("formatListeningLine", () => {
  it("names the origin and the API base on one line", () => {
    expect(
      formatListeningLine("http://127.0.0.1:4010", "http://127.0.0.1:4010/functions/v1", "127.0.0.1"),
    ).toBe("Sentrail mock listening on http://127.0.0.1:4010 (API base http://127.0.0.1:4010/functions/v1)");
  });

  it("warns on the same line when bound beyond loopback", () => {
    const line = formatListeningLine("http://0.0.0.0:4010", "http://0.0.0.0:4010/functions/v1", "0.0.0.0");
    expect(line).toMatch(
      /^Sentrail mock listening on http:\/\/0\.0\.0\.0:4010 .*WARNING: .*\/__mock control plane/,
    );
  });
});

describe("runCli", () => {
  it("prints the listening line, then the demo key and tokens, the reviewer page on stderr, and stops with 0", async () => {
    const { io, out, err } = captureIo();
    const status = await runCli(["--port", "0", "--quiet"], io);
    expect(status).toBe(0);
    expect(out[0]).toMatch(
      /^Sentrail mock listening on http:\/\/127\.0\.0\.1:\d+ \(API base http:\/\/127\.0\.0\.1:\d+\/functions\/v1\)$/,
    );
    const origin = /on (\S+) /.exec(out[0] ?? "")?.[1] ?? "";
    expect(out.filter((line) => line.includes(origin))).toHaveLength(1);
    expect(out.some((line) => line.includes(DEMO_API_KEY))).toBe(true);
    expect(out.some((line) => /Admin token .*:\s+eyJ/.test(line))).toBe(true);
    expect(out.some((line) => /Reviewer token .*:\s+eyJ/.test(line))).toBe(true);
    // The package is built before its tests run (turbo: test dependsOn build), so the page exists.
    expect(err).toEqual([
      `sentrail-mock: reviewer page at ${origin}/ (sign in as any seeded user)`,
      "sentrail-mock: stopped (SIGTERM)",
    ]);
  });

  it("answers --help with the usage and 0", async () => {
    const { io, out } = captureIo();
    expect(await runCli(["--help"], io)).toBe(0);
    expect(out[0]).toMatch(/^Usage: sentrail-mock/);
  });

  it("refuses a bad command line with one line and status 2", async () => {
    const { io, out, err } = captureIo();
    expect(await runCli(["--port", "nope"], io)).toBe(2);
    expect(out).toEqual([]);
    expect(err).toEqual([expect.stringMatching(/^sentrail-mock: --port must be an integer/)]);
  });
});
