import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { createInterface } from "node:readline";

/** The installed `sentrail-mock` command, on a free loopback port, and what its banner printed. */
export interface MockBin {
  origin: string;
  baseUrl: string;
  apiKey: string;
  reviewerToken: string;
  stop(): Promise<void>;
}

/** Spawns `node_modules/.bin/sentrail-mock --port 0 --quiet` and reads the origin, key and tokens it prints. */
export function startMockBin(): Promise<MockBin> {
  const child = spawn(resolve("node_modules/.bin/sentrail-mock"), ["--port", "0", "--quiet"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const banner: Record<string, string> = {};
  return new Promise((done, fail) => {
    const timer = setTimeout(() => {
      child.kill();
      fail(new Error(`sentrail-mock printed no complete banner in 20 s: ${JSON.stringify(banner)}`));
    }, 20_000);
    child.once("exit", (code) => fail(new Error(`sentrail-mock exited early (${code})`)));
    createInterface({ input: child.stdout }).on("line", (line) => {
      const listening = /listening on (http:\/\/\S+) \(API base (\S+)\)/.exec(line);
      if (listening) {
        banner.origin = listening[1]!;
        banner.baseUrl = listening[2]!;
      }
      const key = /API key \([^)]*\):\s+(agk_\w+)/.exec(line);
      if (key) banner.apiKey = key[1]!;
      const reviewer = /Reviewer token \([^)]*\):\s+(\S+)/.exec(line);
      if (reviewer) banner.reviewerToken = reviewer[1]!;
      if (banner.origin && banner.baseUrl && banner.apiKey && banner.reviewerToken) {
        clearTimeout(timer);
        done({
          origin: banner.origin,
          baseUrl: banner.baseUrl,
          apiKey: banner.apiKey,
          reviewerToken: banner.reviewerToken,
          stop: () =>
            new Promise((stopped) => {
              child.removeAllListeners("exit");
              child.once("exit", () => stopped());
              child.kill("SIGTERM");
            }),
        });
      }
    });
  });
}
