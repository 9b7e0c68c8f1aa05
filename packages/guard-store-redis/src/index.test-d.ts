import type { GuardStore } from "@sentrail/client";
import type { createClient, createCluster, RedisClientType } from "redis";
import { describe, expectTypeOf, it } from "vitest";
import type * as api from "./index";

describe("@sentrail/guard-store-redis", () => {
  it("exports exactly these values", () => {
    expectTypeOf<keyof typeof api>().toEqualTypeOf<
      "createRedisGuardStore" | "NOT_STORED_RESULT" | "RedisGuardStoreError"
    >();
  });

  it("exports these types", () => {
    expectTypeOf<api.RedisGuardStoreClient>().not.toBeAny();
    expectTypeOf<api.RedisGuardStoreOptions>().not.toBeAny();
    expectTypeOf<api.RedisGuardStoreErrorKind>().toEqualTypeOf<"redis" | "timeout" | "unreadable">();
  });

  it("returns a GuardStore", () => {
    expectTypeOf<typeof api.createRedisGuardStore>().returns.toEqualTypeOf<GuardStore>();
  });

  it("accepts node-redis clients and clusters as they are", () => {
    expectTypeOf<RedisClientType>().toExtend<api.RedisGuardStoreClient>();
    expectTypeOf<
      Awaited<ReturnType<ReturnType<typeof createClient>["connect"]>>
    >().toExtend<api.RedisGuardStoreClient>();
    expectTypeOf<ReturnType<typeof createCluster>>().toExtend<api.RedisGuardStoreClient>();
  });
});
