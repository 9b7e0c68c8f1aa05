/** The story's steps, in order. */
export type DemoStepId =
  | "read-allowed"
  | "write-blocked"
  | "pull-request-approved"
  | "call-denied"
  | "kill-switch"
  | "audit-trail";

/** What a step sets out to show. */
export interface StoryStep {
  title: string;
  /** The real packages the step goes through. */
  packages: string[];
  /** The outcome the story expects, in the guard's words (`executed`, `blocked`, `denied`, …). */
  expected: string;
}

/** The story, in order: what each step shows, through which packages, and what must happen. */
export const STORY_STEPS: Readonly<Record<DemoStepId, StoryStep>> = {
  "read-allowed": {
    title: "AI SDK agent reads README.md: allowed by policy, runs once",
    packages: ["@sentrail/ai-sdk-middleware (withSentrail)", "ai/test MockLanguageModelV3"],
    expected: "executed",
  },
  "write-blocked": {
    title: "AI SDK agent pushes to main: blocked by policy, never runs",
    packages: ["@sentrail/ai-sdk-middleware (withSentrail)", "ai/test MockLanguageModelV3"],
    expected: "blocked",
  },
  "pull-request-approved": {
    title: "LangChain agent opens a pull request: held for a reviewer, approved, replayed once",
    packages: [
      "@sentrail/langchain-callback (createSentrailMiddleware)",
      "@sentrail/client (guard, gateway, admin)",
      "langchain fakeModel",
    ],
    expected: "executed",
  },
  "call-denied": {
    title: "MCP client creates an issue through mcp-gate: held, denied by the reviewer, never runs",
    packages: ["@sentrail/mcp-gate-client (connectMcpGate)", "@modelcontextprotocol/sdk"],
    expected: "denied",
  },
  "kill-switch": {
    title: "Admin enables the kill switch: the next MCP and AI SDK calls are refused",
    packages: ["@sentrail/client/admin", "@sentrail/mcp-gate-client", "@sentrail/ai-sdk-middleware"],
    expected: "blocked",
  },
  "audit-trail": {
    title: "Sentrail's records agree: one replay, nothing else ran, one audit row per evaluation",
    packages: ["@sentrail/mock-server (/__mock/state)"],
    expected: "verified",
  },
};

/** The step ids in story order. */
export const STORY_ORDER = Object.keys(STORY_STEPS) as DemoStepId[];
