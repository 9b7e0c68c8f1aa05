/** Exit statuses of `sentrail` (conventions §16): 0 ok, 1 the check or the command failed, 2 usage error. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;
