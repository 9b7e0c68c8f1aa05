import type { EvaluateActionResult } from "../to-evaluate-action-result";
import type { GuardMode } from "./guard-outcome";

/** A guarded call whose `execute` is running, as seen by gates nested inside it. */
export interface EnclosingGuardedCall {
  toolName: string;
  /** SHA-256 of the canonical tool name and input (the call key's digest), computed on first use. */
  digest(): Promise<string>;
  toolCallId: string | undefined;
  /**
   * True when Sentrail allowed or a reviewer approved exactly this call: a nested gate may pass it
   * through. False in shadow mode or when failing open (the enclosing gate did not enforce).
   */
  authorized: boolean;
  mode: GuardMode;
  evaluation: EvaluateActionResult | null;
}

interface AsyncContext<T> {
  getStore(): T | undefined;
  run<R>(store: T, callback: () => R): R;
}

/** One slot per realm, shared by every copy of this package (ESM and CommonJS builds, bundles). */
const SLOT = Symbol.for("sentrail.guard.enclosingCalls");

/**
 * The async context that tells a gate it runs inside another gate's `execute`: an
 * `AsyncLocalStorage` where the runtime has one (Node, Deno, Bun, edge runtimes), found without a
 * static `node:` import so that browser bundles stay free of Node built-ins. `undefined` in browsers:
 * there, re-entry cannot be detected (see the package README).
 */
function asyncContext(): AsyncContext<readonly EnclosingGuardedCall[]> | undefined {
  const realm = globalThis as Record<symbol, unknown>;
  if (SLOT in realm) return realm[SLOT] as AsyncContext<readonly EnclosingGuardedCall[]> | undefined;
  const Storage = findAsyncLocalStorage();
  const context = Storage ? (new Storage() as AsyncContext<readonly EnclosingGuardedCall[]>) : undefined;
  Object.defineProperty(realm, SLOT, { value: context, enumerable: false });
  return context;
}

function findAsyncLocalStorage(): (new () => unknown) | undefined {
  const global = globalThis as {
    AsyncLocalStorage?: new () => unknown;
    process?: { getBuiltinModule?: (id: string) => { AsyncLocalStorage?: new () => unknown } | undefined };
  };
  if (typeof global.AsyncLocalStorage === "function") return global.AsyncLocalStorage;
  try {
    return global.process?.getBuiltinModule?.("node:async_hooks")?.AsyncLocalStorage;
  } catch {
    return undefined;
  }
}

/**
 * The guarded calls whose `execute` encloses the current code, innermost last; empty outside any.
 *
 * @example
 * ```ts
 * if (enclosingGuardedCalls().length > 0) console.log("inside a gate");
 * ```
 */
export function enclosingGuardedCalls(): readonly EnclosingGuardedCall[] {
  return asyncContext()?.getStore() ?? [];
}

/**
 * Runs `callback` (a guarded call's `execute`) with `call` added to the enclosing calls that nested
 * gates see.
 *
 * @example
 * ```ts
 * const result = await runInsideGuardedCall(enclosing, () => execute(context));
 * ```
 */
export function runInsideGuardedCall<R>(call: EnclosingGuardedCall, callback: () => R): R {
  const context = asyncContext();
  if (!context) return callback();
  return context.run([...(context.getStore() ?? []), call], callback);
}

/** Whether async context is available, so nested gates can be recognised (false in browsers). */
export function canDetectNestedGates(): boolean {
  return asyncContext() !== undefined;
}
