/**
 * `@sentrail/mock-server/node`: the Node-only half of the mock — the HTTP server behind the
 * `sentrail-mock` command, the MSW `setupServer` helper for tests, and the demo seed.
 * Everything runtime-neutral (the engine, `createMockSentrail`, the MSW handlers) is exported from
 * `@sentrail/mock-server`.
 */
export {
  DEMO_ADMIN_USER_ID,
  DEMO_API_KEY,
  DEMO_REVIEWER_USER_ID,
  DEMO_WORKSPACE_ID,
  demoSeed,
} from "./node/demo-seed.js";
export {
  DEFAULT_MOCK_ORIGIN,
  type MockSentrailSetup,
  type SetupMockSentrailOptions,
  setupMockSentrail,
} from "./node/setup-mock-sentrail.js";
export {
  type RunningMockServer,
  type StartMockServerOptions,
  startMockServer,
} from "./node/start-mock-server.js";
