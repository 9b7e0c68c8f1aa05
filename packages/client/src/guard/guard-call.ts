/**
 * One tool call as the guard sees it, whatever the host: the AI SDK's `toolName`/`input`/`toolCallId`,
 * LangChain's `name`/`args`/`id`, MCP's `name`/`arguments` plus a request id.
 */
export interface GuardCall {
  /** The host's tool name. Default mapping: the evaluate-action `action`, and the source of the risk level. */
  toolName: string;
  /** The tool's arguments. Sent as the evaluate-action `payload` (wrapped as `{ input }` unless a plain object). */
  input?: unknown;
  /**
   * The host's id for this call. With it, a retry of the same call (same id, same arguments) attaches to
   * the running call or returns its settled outcome instead of running again. Without it, every run is
   * a new call.
   */
  toolCallId?: string;
  /**
   * Where `toolCallId` is unique: a conversation thread, a graph run, a session. Hosts that reuse
   * tool-call ids across threads (model providers number them per response) pass it so that the same id
   * on two threads is two calls. Part of the call key; never sent to Sentrail.
   */
  scope?: string;
  /** Overrides the guard's `agentId` for this call. */
  agentId?: string;
}
