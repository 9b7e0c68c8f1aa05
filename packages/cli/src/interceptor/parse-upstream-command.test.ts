import { describe, expect, it } from "vitest";
import { parseUpstreamCommand } from "./parse-upstream-command";

describe("parseUpstreamCommand", () => {
  it("splits with shell quoting and keeps $VARS literal", () => {
    expect(parseUpstreamCommand(`npx -y server --root '/my dir' "$HOME"`)).toEqual({
      command: "npx",
      args: ["-y", "server", "--root", "/my dir", "$HOME"],
    });
  });

  it("refuses shell operators and empty commands", () => {
    expect(() => parseUpstreamCommand("server | tee log")).toThrow('shell operator "|"');
    expect(() => parseUpstreamCommand("a && b")).toThrow("&&");
    expect(() => parseUpstreamCommand("   ")).toThrow("empty");
  });
});
