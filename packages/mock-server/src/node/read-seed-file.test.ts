import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readSeedFile, SeedFileError } from "./read-seed-file.js";

let directory: string;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), "sentrail-seed-"));
});

afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

async function seedFile(name: string, content: string): Promise<string> {
  const path = join(directory, name);
  await writeFile(path, content);
  return path;
}

describe("readSeedFile", () => {
  it("returns the parsed seed", async () => {
    const path = await seedFile("ok.json", JSON.stringify({ workspaces: [{ name: "Acme" }] }));
    await expect(readSeedFile(path)).resolves.toEqual({ workspaces: [{ name: "Acme" }] });
  });

  it.each([
    ["missing", null, "file not found"],
    ["broken.json", "{ not json", "not valid JSON"],
    ["array.json", "[]", "a seed must be a JSON object"],
    ["section.json", JSON.stringify({ policies: {} }), "policies must be an array"],
    ["item.json", JSON.stringify({ apiKeys: [{}, "agk_x"] }), "apiKeys[1] must be an object"],
  ])("refuses %s with one line naming the file and the problem", async (name, content, problem) => {
    const path = content === null ? join(directory, name) : await seedFile(name, content);
    const error = await readSeedFile(path).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SeedFileError);
    const message = (error as Error).message;
    expect(message.startsWith(`${path}: `)).toBe(true);
    expect(message).toContain(problem);
    expect(message).not.toContain("\n");
  });

  it("refuses a directory", async () => {
    await expect(readSeedFile(directory)).rejects.toThrow(/is a directory/);
  });
});
