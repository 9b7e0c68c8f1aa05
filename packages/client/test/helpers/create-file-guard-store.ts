import { createHash } from "node:crypto";
import { mkdir, readFile, rename, rm, rmdir, unlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { GuardRecord, GuardStore } from "../../src/guard/guard-store";

/**
 * A {@link GuardStore} in a directory, shared by every process that opens the same directory: one JSON
 * file per call key, replaced by rename (readers never see half a record). The claim is atomic across
 * processes because it runs under a per-key lock directory (`mkdir` either creates it or fails with
 * EEXIST, atomically, on every local file system).
 *
 * Invariant kept here: between reading the current revision and writing the next record, no other
 * claim on the same key can run.
 *
 * For tests of the guard across processes; a production store lives on something all workers reach
 * (Redis, a database).
 */
export function createFileGuardStore(directory: string): GuardStore {
  const fileOf = (callKey: string) =>
    join(directory, `${createHash("sha256").update(callKey).digest("hex")}.json`);
  const read = async (callKey: string): Promise<GuardRecord | undefined> => {
    try {
      return JSON.parse(await readFile(fileOf(callKey), "utf8")) as GuardRecord;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
  };
  const withLock = async <T>(callKey: string, step: () => Promise<T>): Promise<T> => {
    const lock = `${fileOf(callKey)}.lock`;
    for (let attempt = 0; ; attempt++) {
      try {
        await mkdir(lock);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST" || attempt > 5_000) throw error;
        await new Promise((resolve) => setTimeout(resolve, 1 + (attempt % 5)));
      }
    }
    try {
      return await step();
    } finally {
      await rmdir(lock);
    }
  };

  return {
    get: read,
    async claim(callKey, expectedRevision, next) {
      await mkdir(directory, { recursive: true });
      return withLock(callKey, async () => {
        const current = await read(callKey);
        if ((current?.revision ?? null) !== expectedRevision) return false;
        const file = fileOf(callKey);
        if (next === null) {
          await unlink(file).catch(() => undefined);
          return true;
        }
        const temporary = `${file}.${process.pid}.tmp`;
        await writeFile(temporary, JSON.stringify(next));
        await rename(temporary, file);
        return true;
      });
    },
  };
}

/** Removes a store directory made by a test. */
export function removeFileGuardStore(directory: string): Promise<void> {
  return rm(directory, { recursive: true, force: true });
}
