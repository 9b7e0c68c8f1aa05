import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { answerClientError } from "./answer-client-error.js";
import { createNodeRequestListener, type ServedRequest } from "./create-node-request-listener.js";
import { resolveServerLimits, type ServerLimits } from "./resolve-server-limits.js";

/** Options for {@link listenFetchHandler}. */
export interface ListenFetchHandlerOptions {
  /** Port; 0 takes a free one. */
  port: number;
  /** Address to bind. */
  host: string;
  /** Access log hook, once per answered request. */
  onRequest?: (served: ServedRequest) => void;
  /** Called when the handler throws (the client gets a 500). */
  onError?: (error: unknown) => void;
  /** Timeouts and header size; see `DEFAULT_SERVER_LIMITS` for what is left out. */
  limits?: Partial<ServerLimits>;
}

/** A listening server. */
export interface ListeningFetchHandler {
  /** `http://<host>:<port>` with the real port (IPv6 hosts in brackets). */
  origin: string;
  /**
   * Stops accepting connections, lets in-flight requests finish for up to `graceMs` (default 1 000 ms),
   * then cuts what is left. Resolves when the socket is closed; calling it twice is harmless.
   */
  close(options?: { graceMs?: number }): Promise<void>;
}

/**
 * Serves a fetch-style handler over `node:http` with keep-alive. Resolves once listening.
 *
 * No client holds a connection forever (`limits`, defaults in `DEFAULT_SERVER_LIMITS`): headers not
 * complete within `headersTimeoutMs`, or a request (body included) not complete within
 * `requestTimeoutMs`, get `408 { "ok": false, "error": "Request timeout" }` and the connection is closed;
 * headers over `maxHeaderSize` get `431`; a socket silent for `idleTimeoutMs` is destroyed; an idle
 * keep-alive connection is closed after `keepAliveTimeoutMs`.
 *
 * Fails (rejects) when the address cannot be bound (`EADDRINUSE`, `EACCES`, unknown host), with
 * Node's error, whose `code` says which; throws `RangeError` for invalid `limits`.
 *
 * @example
 * const { origin, close } = await listenFetchHandler(async () => new Response("ok"), { port: 0, host: "127.0.0.1" });
 */
export async function listenFetchHandler(
  handle: (request: Request) => Promise<Response>,
  options: ListenFetchHandlerOptions,
): Promise<ListeningFetchHandler> {
  const limits = resolveServerLimits(options.limits);
  let origin = "";
  const server = createServer(
    {
      // Agents poll and benchmarks hammer: keep connections alive well past Node's 5 s default.
      keepAlive: true,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      connectionsCheckingInterval: limits.connectionsCheckingIntervalMs,
      maxHeaderSize: limits.maxHeaderSize,
    },
    createNodeRequestListener(handle, {
      origin: () => origin,
      onRequest: options.onRequest,
      onError: options.onError,
    }),
  );
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  // Without a "timeout" listener Node destroys a socket that stays silent this long.
  server.timeout = limits.idleTimeoutMs;
  // Requests Node cannot hand to the listener (unknown method, CONNECT, malformed) get a JSON error too.
  server.on("clientError", answerClientError);
  server.on("connect", (_request, socket) => answerClientError({ code: "HPE_INVALID_METHOD" }, socket));
  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once("error", onError);
    server.listen(options.port, options.host, () => {
      server.off("error", onError);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host =
    address.family === "IPv6" || address.address.includes(":") ? `[${address.address}]` : address.address;
  origin = `http://${host}:${address.port}`;

  let closing: Promise<void> | null = null;
  return {
    origin,
    close(closeOptions) {
      closing ??= new Promise<void>((resolve) => {
        const graceMs = closeOptions?.graceMs ?? 1_000;
        const force = setTimeout(() => server.closeAllConnections(), graceMs);
        force.unref();
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        server.closeIdleConnections();
      });
      return closing;
    },
  };
}
