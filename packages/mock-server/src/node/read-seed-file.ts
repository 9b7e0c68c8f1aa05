import { readFile } from "node:fs/promises";

/** Why a seed file could not be used: one line naming the file and the first problem. */
export class SeedFileError extends Error {
  override readonly name = "SeedFileError";
}

const SEED_SECTIONS = ["workspaces", "members", "apiKeys", "policies", "toolConnections", "agents"] as const;

/**
 * Reads a `--seed` file and checks its outer shape: the file exists, is JSON, is an object, and every
 * known section is an array of objects. The contract-level checks (unknown tool, bad mode, key without
 * `agk_`, policy for an unknown workspace, ...) are the engine's, applied when the seed is loaded, so the
 * command and `POST /__mock/seed` refuse exactly the same seeds.
 *
 * Fails with {@link SeedFileError} whose message is one line: `<path>: <problem>`.
 *
 * @example
 * const seed = await readSeedFile("./seed.json"); // throws SeedFileError "./seed.json: not valid JSON (...)"
 */
export async function readSeedFile(path: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const problem =
      code === "ENOENT"
        ? "file not found"
        : code === "EISDIR"
          ? "is a directory, not a file"
          : `cannot be read (${String(code ?? error)})`;
    throw new SeedFileError(`${path}: ${problem}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new SeedFileError(
      `${path}: not valid JSON (${oneLine(error instanceof Error ? error.message : String(error))})`,
    );
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new SeedFileError(
      `${path}: a seed must be a JSON object with workspaces, members, apiKeys, policies, ...`,
    );
  }
  const seed = parsed as Record<string, unknown>;
  for (const section of SEED_SECTIONS) {
    const value = seed[section];
    if (value === undefined) continue;
    if (!Array.isArray(value)) throw new SeedFileError(`${path}: ${section} must be an array`);
    const index = value.findIndex((item) => item === null || typeof item !== "object" || Array.isArray(item));
    if (index >= 0) throw new SeedFileError(`${path}: ${section}[${index}] must be an object`);
  }
  return seed;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
