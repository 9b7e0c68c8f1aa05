/** What the page tells a person about a failed call. */
export interface RequestErrorDescription {
  /** The HTTP status Sentrail answered, when it answered. */
  status: number | undefined;
  /** The server's message (already redacted by the client), or what went wrong on the way. */
  message: string;
}

/**
 * Reads an error thrown by `@sentrail/client/admin` for display. The client throws its `SentrailError`
 * family, whose classes this page cannot import without the client's main entry; their typed fields
 * (`status`, `message`) are what the page branches on (409: already decided, 403: role too low).
 *
 * @example
 * describeRequestError(error); // { status: 409, message: "Approval already has a decision" }
 */
export function describeRequestError(error: unknown): RequestErrorDescription {
  if (error instanceof Error) {
    const status = (error as { status?: unknown }).status;
    return { status: typeof status === "number" ? status : undefined, message: error.message };
  }
  return { status: undefined, message: String(error) };
}
