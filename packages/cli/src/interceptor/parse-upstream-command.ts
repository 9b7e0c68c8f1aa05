import { parse } from "shell-quote";

/** A stdio upstream's program and arguments. */
export interface UpstreamCommand {
  command: string;
  args: string[];
}

/**
 * Splits `--upstream-command "npx -y some-server --root '/my dir'"` into a program and its arguments
 * with POSIX shell quoting (`shell-quote`), without running a shell: `$VARS` stay literal, and
 * pipes, redirections, `;`, `&&` and globs are refused, since the command is spawned directly.
 *
 * Throws a `TypeError` naming the problem for an empty command or a shell operator.
 *
 * @example
 * parseUpstreamCommand("npx -y @modelcontextprotocol/server-filesystem '/tmp/my dir'");
 * // → { command: "npx", args: ["-y", "@modelcontextprotocol/server-filesystem", "/tmp/my dir"] }
 */
export function parseUpstreamCommand(text: string): UpstreamCommand {
  const words: string[] = [];
  for (const entry of parse(text, (name) => `$${name}`)) {
    if (typeof entry !== "string") {
      const operator = "op" in entry ? entry.op : "comment" in entry ? "#" : "?";
      throw new TypeError(
        `--upstream-command is run without a shell; remove the shell operator "${operator}" (wrap it in a script if you need one)`,
      );
    }
    words.push(entry);
  }
  const [command, ...args] = words;
  if (command === undefined || command === "") throw new TypeError("--upstream-command is empty");
  return { command, args };
}
