#!/usr/bin/env node
// The baseline of bench/http-throughput.bench.mjs: a bare `node:http` server that does the least an
// evaluate-action endpoint can do — read the body, parse the JSON, answer a small JSON decision with a
// Content-Length over keep-alive — with the same server settings as `sentrail-mock`. Whatever the mock
// spends beyond this is the mock's own cost. Binds 127.0.0.1 on a free port, prints the same
// "listening on <origin>" line as the command, and stops on SIGINT/SIGTERM.
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";

const server = createServer({ keepAlive: true, keepAliveTimeout: 30_000 }, (incoming, outgoing) => {
  const chunks = [];
  incoming.on("data", (chunk) => chunks.push(chunk));
  incoming.on("end", () => {
    let parsed;
    try {
      parsed = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    } catch {
      outgoing.writeHead(400, { "content-type": "application/json" }).end('{"ok":false}');
      return;
    }
    const text = JSON.stringify({
      ok: true,
      decision: "allow",
      tool: parsed.tool,
      action: parsed.action,
      correlationId: randomUUID(),
    });
    outgoing.writeHead(200, {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(text),
    });
    outgoing.end(text);
  });
});
server.keepAliveTimeout = 30_000;
server.listen(0, "127.0.0.1", () => {
  const { port } = server.address();
  console.log(`bare node:http baseline listening on http://127.0.0.1:${port}`);
});
const stop = () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
