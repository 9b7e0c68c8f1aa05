// MCP consumer: connectMcpGate to the mcp-gate of the spawned `sentrail-mock` (its built-in fake MCP
// upstream): a low-risk read runs, a delete is blocked.
import { connectMcpGate } from "@sentrail/mcp-gate-client";
import { check, passed } from "./check.js";
import { startMockBin } from "./mock-bin.js";

const bin = await startMockBin();
try {
  const gate = await connectMcpGate({ apiKey: bin.apiKey, baseUrl: bin.baseUrl, agentId: "consumer" });
  try {
    const { tools } = await gate.client.listTools();
    const names = tools.map((listed) => listed.name);
    check(names.includes("get_issue") && names.includes("delete_issue"), `tools/list → ${names.join(", ")}`);
    const read = await gate.callTool({ name: "get_issue", arguments: { number: 1 } });
    check(read.status === "executed", `get_issue → ${read.status}`);
    const deletion = await gate.callTool({ name: "delete_issue", arguments: { number: 1 } });
    check(deletion.status === "blocked", `delete_issue → ${deletion.status}`);
    passed("mcp-gate-client connectMcpGate → sentrail-mock: get_issue executed, delete_issue blocked");
  } finally {
    await gate.close();
  }
} finally {
  await bin.stop();
}
