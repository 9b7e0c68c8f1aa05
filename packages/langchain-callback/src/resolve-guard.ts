import { createGuard, type Guard, type GuardOptions } from "@sentrail/client";

/**
 * Where an adapter gets its guard: an existing one (`{ guard }`, to share exactly-once records and
 * kill-switch broadcasts between the middleware, the handler and wrapped tools), or the options to
 * create one (`createGuard` from `@sentrail/client`).
 *
 * @example
 * ```ts
 * const shared: GuardSource = { guard: createGuard({ client }) };
 * const own: GuardSource = { client, agentId: "triage-agent", failMode: "closed" };
 * ```
 */
export type GuardSource = { guard: Guard } | GuardOptions;

/**
 * Returns the given guard, or creates one from the options. Throws a `TypeError` when neither a guard
 * nor a client is given (a configuration error, reported at construction, never at the first call).
 *
 * @example
 * ```ts
 * const guard = resolveGuard({ client: createSentrailClient({ apiKey, projectRef }) });
 * ```
 */
export function resolveGuard(source: GuardSource): Guard {
  if (source !== null && typeof source === "object" && "guard" in source) {
    if (typeof source.guard?.run !== "function") {
      throw new TypeError("Sentrail: `guard` must come from createGuard (@sentrail/client)");
    }
    return source.guard;
  }
  return createGuard(source);
}
