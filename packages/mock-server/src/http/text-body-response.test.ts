import { describe, expect, it } from "vitest";
import { TextBodyResponse } from "./text-body-response.js";

const make = () =>
  new TextBodyResponse('{"ok":true,"n":"é"}', {
    status: 201,
    headers: { "content-type": "application/json", "x-sentrail-decision": "allow" },
  });

describe("TextBodyResponse", () => {
  it("is a Response with the given status, headers and body text", async () => {
    const response = make();
    expect(response).toBeInstanceOf(Response);
    expect(response.status).toBe(201);
    expect(response.ok).toBe(true);
    expect(response.headers.get("x-sentrail-decision")).toBe("allow");
    expect(response.bodyText).toBe('{"ok":true,"n":"é"}');
    expect(await response.json()).toEqual({ ok: true, n: "é" });
    expect(await make().text()).toBe('{"ok":true,"n":"é"}');
    expect(new TextDecoder().decode(await make().arrayBuffer())).toBe('{"ok":true,"n":"é"}');
  });

  it("lets its body be read only once, like any Response", async () => {
    const response = make();
    expect(response.bodyUsed).toBe(false);
    await response.text();
    expect(response.bodyUsed).toBe(true);
    expect(response.bodyText).toBeNull();
    await expect(response.text()).rejects.toThrow(TypeError);
    await expect(response.arrayBuffer()).rejects.toThrow(TypeError);
    expect(() => response.clone()).toThrow(TypeError);
  });

  it("still offers its body as a stream, and clones like a Response", async () => {
    const streamed = make();
    expect(await new Response(streamed.body).json()).toEqual({ ok: true, n: "é" });
    expect(streamed.bodyUsed).toBe(true);
    expect(streamed.bodyText).toBeNull();
    const original = make();
    const copy = original.clone();
    expect(copy.status).toBe(201);
    expect(await copy.json()).toEqual({ ok: true, n: "é" });
    expect(await original.json()).toEqual({ ok: true, n: "é" });
  });
});
