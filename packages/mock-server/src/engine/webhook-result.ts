import type { Decision } from "./engine-types.js";

/** How an inbound webhook ended (§4.7, §4.8); the HTTP layer maps kinds to status codes. */
export type WebhookResult =
  | { kind: "invalid_json" }
  | { kind: "invalid_signature" }
  | { kind: "timestamp_too_old" }
  | { kind: "unprocessed" }
  | { kind: "processed"; decision: Decision; auditLogId: string; correlationId: string };

/** An inbound webhook as received: the exact body bytes and the headers that matter. */
export interface WebhookDelivery {
  /** The raw body bytes the signature covers. */
  body: Uint8Array<ArrayBuffer>;
  /** Lower-case header lookup. */
  header(name: string): string | null;
}
