import { describe, expect, it } from "vitest";
import { createDemoOutput, type DemoStream } from "./create-demo-output";

function recorder(isTTY: boolean): DemoStream & { written: string[] } {
  const written: string[] = [];
  return { isTTY, written, write: (text: string) => written.push(text) };
}

describe("createDemoOutput", () => {
  it("colors only on a terminal", () => {
    expect(createDemoOutput({ format: "text", color: "auto", stream: recorder(true), env: {} }).color).toBe(
      true,
    );
    expect(createDemoOutput({ format: "text", color: "auto", stream: recorder(false), env: {} }).color).toBe(
      false,
    );
  });

  it("never colors with --no-color, NO_COLOR or --json", () => {
    const tty = recorder(true);
    expect(createDemoOutput({ format: "text", color: "never", stream: tty, env: {} }).color).toBe(false);
    expect(
      createDemoOutput({ format: "text", color: "auto", stream: tty, env: { NO_COLOR: "1" } }).color,
    ).toBe(false);
    expect(createDemoOutput({ format: "json", color: "auto", stream: tty, env: {} }).color).toBe(false);
  });

  it("leaves text unchanged when colors are off", () => {
    const output = createDemoOutput({ format: "text", color: "never", stream: recorder(true), env: {} });
    expect(output.style.red("blocked")).toBe("blocked");
  });

  it("writes only the JSON document in JSON mode", () => {
    const stream = recorder(false);
    const output = createDemoOutput({ format: "json", color: "auto", stream, env: {} });
    output.line("a story line");
    output.raw("\rspinner");
    output.json({ ok: true });
    expect(stream.written.join("")).toBe('{\n  "ok": true\n}\n');
  });

  it("writes story lines and no JSON in text mode", () => {
    const stream = recorder(false);
    const output = createDemoOutput({ format: "text", color: "auto", stream, env: {} });
    output.line("1. a read");
    output.json({ ok: true });
    expect(stream.written).toEqual(["1. a read\n"]);
    expect(output.live).toBe(false);
  });
});
