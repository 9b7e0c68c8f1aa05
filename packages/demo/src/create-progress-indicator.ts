import type { DemoOutput } from "./create-demo-output";

const FRAMES = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
const FRAME_MS = 80;
const INDENT = "     ";

/** A live "waiting…" line. */
export interface ProgressIndicator {
  /** Replaces the detail shown after the label and the elapsed time (e.g. `3 status polls`). */
  update(detail: string): void;
  /** Stops redrawing, clears the live line and prints `finalLine` in its place. Idempotent. */
  stop(finalLine: string): void;
}

/**
 * Shows that the demo is waiting (for a reviewer): on a terminal, a spinner line with the elapsed
 * seconds and the latest detail, redrawn in place; elsewhere (a pipe, CI), one line when the wait
 * starts and the final line when it ends, so logs stay readable. Prints nothing in JSON mode.
 *
 * Always call `stop`, also on failure (use `finally`): the redraw timer keeps the process alive.
 *
 * @example
 * ```ts
 * const progress = createProgressIndicator(output, "waiting for a reviewer");
 * progress.update("2 status polls");
 * progress.stop("✔ approved after 2.5 s");
 * ```
 */
export function createProgressIndicator(output: DemoOutput, label: string): ProgressIndicator {
  const started = Date.now();
  let detail = "";
  let frame = 0;
  let stopped = false;
  const draw = () => {
    const timing = `${((Date.now() - started) / 1000).toFixed(1)} s${detail ? ` · ${detail}` : ""}`;
    // Cut the label so the line never wraps: a wrapped line cannot be redrawn in place.
    const room = (output.columns ?? 120) - INDENT.length - timing.length - 4;
    const shown = label.length <= room ? label : `${label.slice(0, Math.max(0, room - 1))}…`;
    const glyph = output.style.cyan(FRAMES[frame++ % FRAMES.length] ?? "…");
    output.raw(`\r\u001b[2K${INDENT}${glyph} ${shown} ${output.style.dim(timing)}`);
  };
  let timer: ReturnType<typeof setInterval> | undefined;
  if (output.live) {
    draw();
    timer = setInterval(draw, FRAME_MS);
  } else {
    output.line(`${INDENT}… ${label}`);
  }
  return {
    update(next) {
      detail = next;
    },
    stop(finalLine) {
      if (stopped) return;
      stopped = true;
      if (timer !== undefined) clearInterval(timer);
      if (output.live) output.raw("\r\u001b[2K");
      output.line(finalLine);
    },
  };
}
