import { describe, expect, it } from "vitest";
import { parseCliArguments } from "./parse-cli-arguments.js";

describe("parseCliArguments", () => {
  it("defaults to port 4010 on loopback with the demo seed and request logging", () => {
    expect(parseCliArguments([])).toEqual({
      kind: "serve",
      port: 4010,
      host: "127.0.0.1",
      seedPath: null,
      quiet: false,
    });
  });

  it("reads every option, long and short", () => {
    expect(parseCliArguments(["--port", "0", "--host", "::1", "--seed", "./seed.json", "--quiet"])).toEqual({
      kind: "serve",
      port: 0,
      host: "::1",
      seedPath: "./seed.json",
      quiet: true,
    });
    expect(parseCliArguments(["-p", "5000", "-q", "-s", "s.json", "-H", "localhost"])).toEqual({
      kind: "serve",
      port: 5000,
      host: "localhost",
      seedPath: "s.json",
      quiet: true,
    });
    expect(parseCliArguments(["--port=0"])).toMatchObject({ port: 0 });
  });

  it("answers help and version", () => {
    expect(parseCliArguments(["--help"])).toEqual({ kind: "help" });
    expect(parseCliArguments(["-h", "--port", "x"])).toEqual({ kind: "help" });
    expect(parseCliArguments(["--version"])).toEqual({ kind: "version" });
  });

  it.each([
    [["--port", "abc"], /--port must be an integer/],
    [["--port", "70000"], /--port must be an integer/],
    [["--port", "-1"], /--port/],
    [["--bogus"], /Unknown option '--bogus'/],
    [["serve"], /Unexpected argument 'serve'/],
    [["--seed"], /--seed/],
    [["--host", ""], /--host must not be empty/],
  ])("refuses %j", (argv, message) => {
    const command = parseCliArguments(argv);
    expect(command.kind).toBe("invalid");
    expect(command.kind === "invalid" && command.message).toMatch(message);
  });
});
