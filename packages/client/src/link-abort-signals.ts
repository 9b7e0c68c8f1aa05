/** A signal that follows several others, and a way to stop following them. */
export interface LinkedAbortSignal {
  /** Aborts, with the first source's reason, as soon as any source aborts. */
  readonly signal: AbortSignal;
  /** Removes the listeners on the sources. Call it once the work the signal guards has settled. */
  dispose(): void;
}

/**
 * Folds optional abort signals into one. Written out instead of `AbortSignal.any` so that listeners on
 * long-lived sources (the guard's kill-switch signal lives as long as the guard) are removed as soon
 * as one call settles, instead of piling up until the source is collected.
 *
 * @example
 * ```ts
 * const linked = linkAbortSignals([callerSignal, killSwitchSignal]);
 * try {
 *   await wait(linked.signal);
 * } finally {
 *   linked.dispose();
 * }
 * ```
 */
export function linkAbortSignals(sources: ReadonlyArray<AbortSignal | undefined>): LinkedAbortSignal {
  const controller = new AbortController();
  const listening: Array<[AbortSignal, () => void]> = [];
  const dispose = () => {
    for (const [source, listener] of listening) source.removeEventListener("abort", listener);
    listening.length = 0;
  };
  for (const source of sources) {
    if (!source) continue;
    if (source.aborted) {
      dispose();
      controller.abort(source.reason);
      break;
    }
    const listener = () => {
      dispose();
      controller.abort(source.reason);
    };
    source.addEventListener("abort", listener, { once: true });
    listening.push([source, listener]);
  }
  return { signal: controller.signal, dispose };
}
