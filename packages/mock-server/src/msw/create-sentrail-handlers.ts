import { type HttpHandler, http } from "msw";
import type { MockSentrail } from "../create-mock-sentrail.js";

/** Options for {@link createSentrailHandlers}. */
export interface SentrailHandlersOptions {
  /**
   * Only intercept this origin (e.g. `https://abc.supabase.co`; a trailing `/functions/v1` is
   * ignored). Default: any origin.
   */
  origin?: string;
}

/**
 * MSW request handlers that delegate every Sentrail call (`<origin>/functions/v1/*`) and every
 * control-plane call (`<origin>/__mock/*`) to the mock's `handle`, so an SDK or agent under test
 * talks to the offline Sentrail with no server and no network.
 *
 * @example
 * import { setupServer } from "msw/node";
 * import { createMockSentrail, createSentrailHandlers } from "@sentrail/mock-server";
 *
 * const mock = createMockSentrail();
 * const server = setupServer(...createSentrailHandlers(mock, { origin: "https://abc.supabase.co" }));
 * server.listen();
 */
export function createSentrailHandlers(
  mock: Pick<MockSentrail, "handle">,
  options: SentrailHandlersOptions = {},
): HttpHandler[] {
  const origin = (options.origin ?? "*").replace(/\/+$/, "").replace(/\/functions\/v1$/, "");
  const resolver = ({ request }: { request: Request }) => mock.handle(request);
  return [http.all(`${origin}/functions/v1/*`, resolver), http.all(`${origin}/__mock/*`, resolver)];
}
