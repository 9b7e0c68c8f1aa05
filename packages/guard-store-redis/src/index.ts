export type { RedisGuardStoreClient, RedisGuardStoreOptions } from "./create-redis-guard-store";
export { createRedisGuardStore } from "./create-redis-guard-store";
export { NOT_STORED_RESULT } from "./decode-guard-record";
export type { RedisGuardStoreErrorKind } from "./redis-guard-store-error";
export { RedisGuardStoreError } from "./redis-guard-store-error";
