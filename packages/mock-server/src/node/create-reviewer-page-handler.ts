import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The reviewer page's files, by the path the server answers them at. */
const FILES: Record<string, { file: string; type: string }> = {
  "/": { file: "index.html", type: "text/html; charset=utf-8" },
  "/index.html": { file: "index.html", type: "text/html; charset=utf-8" },
  "/reviewer/app.js": { file: "app.js", type: "text/javascript; charset=utf-8" },
  "/reviewer/app.css": { file: "app.css", type: "text/css; charset=utf-8" },
};

/**
 * Everything the page may load or call is its own origin: no CDN, no font service, no other host.
 * `data:` only for the empty favicon.
 */
const SECURITY_HEADERS = {
  "content-security-policy":
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; " +
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "x-frame-options": "DENY",
  "cache-control": "no-cache",
};

/** The node server's reviewer page, as {@link createReviewerPageHandler} returns it. */
export interface ReviewerPageHandler {
  /** Whether the page's files were found (they are built with the package into `dist/reviewer/`). */
  available: boolean;
  /**
   * Answers `GET`/`HEAD` of `/`, `/index.html`, `/reviewer/app.js` and `/reviewer/app.css`; anything
   * else (every API and control-plane path) is undefined, for the router.
   */
  handle(request: Request): Response | undefined;
}

/**
 * Serves the reviewer page (`src/reviewer`, bundled by the package build into `dist/reviewer/`) from
 * the package's own files, so it works from the installed tarball: the directory is found next to the
 * running module (`dist/`), or, when the server runs from source (this package's tests), in `dist/`
 * of the package. The files are read once, at creation.
 *
 * How it fails: without the built files (`npx tsup` not run) `available` is false and `/` answers
 * `404 { ok: false, error: "Reviewer page not built …" }`; the API is unaffected.
 *
 * @example
 * const page = createReviewerPageHandler();
 * const handle = (request: Request) => page.handle(request) ?? mock.handle(request);
 */
export function createReviewerPageHandler(
  directory: string | null = findReviewerDirectory(),
): ReviewerPageHandler {
  const bodies = new Map<string, string>();
  if (directory) {
    for (const { file } of Object.values(FILES)) {
      try {
        bodies.set(file, readFileSync(join(directory, file), "utf8"));
      } catch {
        bodies.clear();
        break;
      }
    }
  }
  const available = bodies.size > 0;
  return {
    available,
    handle(request) {
      if (request.method !== "GET" && request.method !== "HEAD") return undefined;
      const entry = FILES[new URL(request.url).pathname];
      if (!entry) return undefined;
      const body = bodies.get(entry.file);
      if (!body) {
        return Response.json(
          { ok: false, error: "Reviewer page not built: run the @sentrail/mock-server build (tsup)" },
          { status: 404 },
        );
      }
      return new Response(body, {
        status: 200,
        headers: { "content-type": entry.type, ...SECURITY_HEADERS },
      });
    },
  };
}

function findReviewerDirectory(): string | null {
  const here = moduleDirectory();
  // Built: dist/node.js, dist/node.cjs and dist/cli.js sit next to dist/reviewer/. Source: src/node/.
  for (const candidate of [join(here, "reviewer"), join(here, "..", "..", "dist", "reviewer")]) {
    try {
      readFileSync(join(candidate, "index.html"));
      return candidate;
    } catch {
      // Not here: try the next place.
    }
  }
  return null;
}

function moduleDirectory(): string {
  // The CommonJS build has `__dirname` (and no `import.meta`); the ESM build and the sources have `import.meta.url`.
  if (typeof __dirname === "string") return __dirname;
  return fileURLToPath(new URL(".", import.meta.url));
}
