import { type SetupServer, setupServer } from "msw/node";
import { createMockSentrail, type MockSentrail } from "../create-mock-sentrail.js";
import type { Seed, SeedResult } from "../engine/seed-types.js";
import type { MockControl } from "../http/create-mock-control.js";
import { createSentrailHandlers } from "../msw/create-sentrail-handlers.js";

/** The origin a {@link setupMockSentrail} mock answers on unless told otherwise (`.test` never resolves). */
export const DEFAULT_MOCK_ORIGIN = "https://sentrail-mock.test";

/** Options for {@link setupMockSentrail}. */
export interface SetupMockSentrailOptions {
  /** Origin to intercept. Default {@link DEFAULT_MOCK_ORIGIN}; pass your client's project URL to keep it. */
  origin?: string;
  /** Seed loaded by `listen()` and again after every `reset()`, so each test starts from it. */
  seed?: Seed | null;
  /** The mock to serve. Default: a new `createMockSentrail()`. */
  mock?: MockSentrail;
  /** What MSW does with requests no handler matches (your own APIs). Default `"warn"`, as MSW. */
  onUnhandledRequest?: "bypass" | "warn" | "error";
}

/** An in-process Sentrail for a test file: MSW intercepts `fetch` to {@link MockSentrailSetup.baseUrl}. */
export interface MockSentrailSetup {
  /** The MSW server, for adding your own handlers (`server.use(...)`). */
  server: SetupServer;
  /** The engine behind it. */
  mock: MockSentrail;
  /** Shortcut to `mock.control`: seed, state, clock, token, upstream scripts, faults. */
  control: MockControl;
  /** The intercepted origin. */
  origin: string;
  /** `${origin}/functions/v1`: give this to the Sentrail client as its base URL. */
  baseUrl: string;
  /** What the last seeding answered (user tokens by user id), or null without a seed. */
  readonly seeded: SeedResult | null;
  /** Starts intercepting and loads the seed. Call in `beforeAll`. */
  listen(): Promise<SeedResult | null>;
  /** Empties the mock, drops handlers added with `server.use`, reloads the seed. Call in `afterEach`. */
  reset(): Promise<SeedResult | null>;
  /** Stops intercepting. Call in `afterAll`. */
  close(): void;
}

/**
 * Sets up an offline Sentrail inside a test process with MSW's `setupServer`: every `fetch` to
 * `<origin>/functions/v1/*` or `<origin>/__mock/*` is answered by the mock engine, without a port.
 * Use it to test an agent or SDK integration the way it will talk to Sentrail; use
 * `startMockServer` instead when the client is another process or language.
 *
 * How it fails: `listen()` and `reset()` reject with the engine's `MockControlError` when the seed
 * breaks the contract. MSW patches the global `fetch` of this process only.
 *
 * @example
 * import { DEMO_API_KEY, demoSeed, setupMockSentrail } from "@sentrail/mock-server/node";
 *
 * const sentrail = setupMockSentrail({ seed: demoSeed() });
 * beforeAll(() => sentrail.listen());
 * afterEach(() => sentrail.reset());
 * afterAll(() => sentrail.close());
 *
 * it("asks for approval before opening a pull request", async () => {
 *   const response = await fetch(`${sentrail.baseUrl}/evaluate-action`, {
 *     method: "POST",
 *     headers: { authorization: `Bearer ${DEMO_API_KEY}`, "content-type": "application/json" },
 *     body: JSON.stringify({ tool: "github", action: "pull_request.create", riskLevel: "high" }),
 *   });
 *   expect((await response.json()).decision).toBe("require_approval");
 * });
 */
export function setupMockSentrail(options: SetupMockSentrailOptions = {}): MockSentrailSetup {
  const mock = options.mock ?? createMockSentrail();
  const origin = (options.origin ?? DEFAULT_MOCK_ORIGIN).replace(/\/+$/, "").replace(/\/functions\/v1$/, "");
  const server = setupServer(...createSentrailHandlers(mock, { origin }));
  let seeded: SeedResult | null = null;

  async function loadSeed(): Promise<SeedResult | null> {
    seeded = options.seed ? await mock.control.seed(options.seed) : null;
    return seeded;
  }

  return {
    server,
    mock,
    control: mock.control,
    origin,
    baseUrl: `${origin}/functions/v1`,
    get seeded() {
      return seeded;
    },
    async listen() {
      server.listen({ onUnhandledRequest: options.onUnhandledRequest ?? "warn" });
      return loadSeed();
    },
    async reset() {
      server.resetHandlers();
      mock.control.reset();
      return loadSeed();
    },
    close() {
      server.close();
    },
  };
}
