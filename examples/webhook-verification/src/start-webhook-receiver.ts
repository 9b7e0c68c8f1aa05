import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { verifyGitHubSignature, verifyLinearSignature } from "@sentrail/client/webhooks";

/** One webhook the receiver accepted, as its handler saw it. */
export interface HandledWebhook {
  provider: "github" | "linear";
  event: unknown;
}

/** Options of {@link startWebhookReceiver}: the secrets you configured at GitHub and Linear. */
export interface WebhookReceiverOptions {
  githubSecret: string;
  linearSecret: string;
}

/** A running receiver. */
export interface WebhookReceiver {
  /** `http://127.0.0.1:<port>`; routes `POST /webhooks/github` and `POST /webhooks/linear`. */
  origin: string;
  /** Every webhook that passed verification and reached the handler. */
  readonly handled: HandledWebhook[];
  close(): Promise<void>;
}

/**
 * Your own webhook receiver, the shape to copy: read the raw body as bytes, verify the signature over
 * exactly those bytes (`verifyGitHubSignature`, `verifyLinearSignature`: Web Crypto, lengths first,
 * constant-time comparison, Linear's five-minute timestamp window), answer `401` with the reason on a
 * rejection, and only then parse the JSON and act. A rejection is a result, not an exception.
 *
 * How it fails: a body that passes verification but is not JSON answers `400`; an unknown path `404`.
 * It listens on loopback only.
 *
 * @example
 * ```ts
 * const receiver = await startWebhookReceiver({ githubSecret, linearSecret });
 * await fetch(`${receiver.origin}/webhooks/github`, { method: "POST", body, headers: { "x-hub-signature-256": signature } });
 * receiver.handled.length; // => 1
 * await receiver.close();
 * ```
 */
export async function startWebhookReceiver(options: WebhookReceiverOptions): Promise<WebhookReceiver> {
  const handled: HandledWebhook[] = [];
  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    // The signature covers these exact bytes: never verify a re-serialised JSON.parse result.
    const payload = new Uint8Array(Buffer.concat(chunks));
    const provider =
      request.url === "/webhooks/github" ? "github" : request.url === "/webhooks/linear" ? "linear" : null;
    if (request.method !== "POST" || provider === null) {
      response.writeHead(404).end();
      return;
    }
    const verification =
      provider === "github"
        ? await verifyGitHubSignature({
            secret: options.githubSecret,
            payload,
            signature: request.headers["x-hub-signature-256"] as string | undefined,
          })
        : await verifyLinearSignature({
            secret: options.linearSecret,
            payload,
            signature: request.headers["linear-signature"] as string | undefined,
          });
    if (!verification.valid) {
      response.writeHead(401, { "content-type": "text/plain" }).end(verification.reason);
      return;
    }
    let event: unknown;
    try {
      event = JSON.parse(new TextDecoder().decode(payload));
    } catch {
      response.writeHead(400, { "content-type": "text/plain" }).end("invalid JSON");
      return;
    }
    handled.push({ provider, event });
    response.writeHead(202).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    handled,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
