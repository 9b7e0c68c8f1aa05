import { describe, expect, it } from "vitest";
import { parseDemoArguments } from "./parse-demo-arguments";

describe("parseDemoArguments", () => {
  it("runs the scripted story in colored-when-possible text by default", () => {
    expect(parseDemoArguments([])).toEqual({
      kind: "run",
      arguments: { format: "text", color: "auto", reviewer: "scripted" },
    });
  });

  it("reads --json, --no-color and --interactive in any order", () => {
    expect(parseDemoArguments(["--no-color", "--json"])).toEqual({
      kind: "run",
      arguments: { format: "json", color: "never", reviewer: "scripted" },
    });
    expect(parseDemoArguments(["--interactive", "--no-color"])).toEqual({
      kind: "run",
      arguments: { format: "text", color: "never", reviewer: "human" },
    });
  });

  it("ignores the -- separator npm may pass on", () => {
    expect(parseDemoArguments(["--", "--json"])).toMatchObject({
      kind: "run",
      arguments: { format: "json" },
    });
  });

  it("answers help for -h and --help, wherever they are", () => {
    expect(parseDemoArguments(["--json", "-h"])).toEqual({ kind: "help" });
    expect(parseDemoArguments(["--help"])).toEqual({ kind: "help" });
  });

  it("names an unknown option instead of ignoring it", () => {
    expect(parseDemoArguments(["--colour"])).toEqual({ kind: "error", message: 'unknown option "--colour"' });
  });

  it("refuses --json together with --interactive", () => {
    expect(parseDemoArguments(["--json", "--interactive"])).toEqual({
      kind: "error",
      message: "--json and --interactive cannot be combined",
    });
  });
});
