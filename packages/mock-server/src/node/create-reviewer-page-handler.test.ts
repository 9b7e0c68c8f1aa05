import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createReviewerPageHandler } from "./create-reviewer-page-handler.js";
import { startMockServer } from "./start-mock-server.js";

const directory = mkdtempSync(join(tmpdir(), "reviewer-page-"));
writeFileSync(join(directory, "index.html"), "<!doctype html><title>page</title>");
writeFileSync(join(directory, "app.js"), "console.log(1)");
writeFileSync(join(directory, "app.css"), "body{}");
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const get = (path: string, method = "GET") => new Request(`http://127.0.0.1:4010${path}`, { method });

describe("createReviewerPageHandler", () => {
  it("serves the page at / and its two assets, with a same-origin-only content security policy", async () => {
    const page = createReviewerPageHandler(directory);
    expect(page.available).toBe(true);
    const html = page.handle(get("/"));
    expect(html?.status).toBe(200);
    expect(html?.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(html?.headers.get("content-security-policy")).toContain("connect-src 'self'");
    expect(html?.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(await html?.text()).toContain("<title>page</title>");
    expect(page.handle(get("/reviewer/app.js"))?.headers.get("content-type")).toBe(
      "text/javascript; charset=utf-8",
    );
    expect(await page.handle(get("/reviewer/app.css"))?.text()).toBe("body{}");
    expect(page.handle(get("/", "HEAD"))?.status).toBe(200);
  });

  it("leaves every other path and method to the router", () => {
    const page = createReviewerPageHandler(directory);
    expect(page.handle(get("/", "POST"))).toBeUndefined();
    expect(page.handle(get("/__mock/state"))).toBeUndefined();
    expect(page.handle(get("/functions/v1/evaluate-action"))).toBeUndefined();
    expect(page.handle(get("/reviewer/other.js"))).toBeUndefined();
  });

  it("answers 404 at / when the page was not built, and says so", async () => {
    const page = createReviewerPageHandler(join(directory, "missing"));
    expect(page.available).toBe(false);
    const response = page.handle(get("/"));
    expect(response?.status).toBe(404);
    expect(await response?.json()).toEqual({
      ok: false,
      error: "Reviewer page not built: run the @sentrail/mock-server build (tsup)",
    });
  });

  it("finds the package's built page by default (the package is built before its tests)", () => {
    expect(createReviewerPageHandler().available).toBe(true);
  });
});

describe("startMockServer", () => {
  it("serves the reviewer page at its origin and names it in reviewerUrl; the API is unchanged", async () => {
    const server = await startMockServer();
    try {
      expect(server.reviewerUrl).toBe(`${server.origin}/`);
      const page = await fetch(server.origin);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<script type="module" src="/reviewer/app.js">');
      const state = await fetch(`${server.origin}/__mock/state`);
      expect(((await state.json()) as { ok: boolean }).ok).toBe(true);
    } finally {
      await server.close();
    }
  });
});
