// The HTTP API (docs/protocol.md, "HTTP API"): JSON in and out, a Bearer key when given, and every refusal as an
// ApiError carrying the server's ProblemDetails code.

/** A refusal: `code` is the protocol's error code (`PollClosed`, `Forbidden`, …), or `NetworkError` when unreachable. */
export class ApiError extends Error {
  constructor(readonly code: string, message: string, readonly status: number) {
    super(message);
    this.name = "ApiError";
  }
}

/** Builds the ApiError of a ProblemDetails body (or of whatever else a failed response held). */
export function problemToError(status: number, body: unknown): ApiError {
  const problem = (typeof body === "object" && body !== null ? body : {}) as Record<string, unknown>;
  const code = typeof problem.code === "string" ? problem.code
    : status === 401 ? "Unauthenticated" : status === 403 ? "Forbidden" : status === 404 ? "NotFound" : "HttpError";
  const message = typeof problem.detail === "string" && problem.detail ? problem.detail
    : typeof problem.title === "string" && problem.title ? problem.title : `The server answered ${status}.`;
  return new ApiError(code, message, status);
}

/** Builds the ApiError of a refused hub call, whose message starts with the code: `"… PollClosed: The poll has closed."`. */
export function hubErrorToError(error: unknown): ApiError {
  const text = (error instanceof Error ? error.message : String(error))
    .replace(/^An unexpected error occurred invoking '[^']*' on the server\.\s*/, "")
    .replace(/^HubException:\s*/, "");
  const match = /^([A-Z][A-Za-z]+): (.*)$/s.exec(text);
  return match ? new ApiError(match[1]!, match[2]!.trim(), 0) : new ApiError("HubError", text, 0);
}

export interface RequestOptions { method?: string; body?: unknown; key?: string | null }

/** Sends a request to the API and returns the parsed answer (undefined for 204). Throws ApiError. */
export async function api<T>(path: string, { method = "GET", body, key }: RequestOptions = {}): Promise<T> {
  const response = await raw(path, { method, body, key });
  if (response.status === 204) {
    return undefined as T;
  }
  return await response.json() as T;
}

/** As api(), but returns the successful Response itself (for downloads: text, blobs). Throws ApiError. */
export async function raw(path: string, { method = "GET", body, key }: RequestOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { accept: "application/json, text/csv" };
  if (body !== undefined) {
    headers["content-type"] = "application/json";
  }
  if (key) {
    headers.authorization = `Bearer ${key}`;
  }
  let response: Response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? null : JSON.stringify(body) });
  } catch {
    throw new ApiError("NetworkError", "The server could not be reached.", 0);
  }
  if (!response.ok) {
    const text = await response.text();
    let parsed: unknown = null;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = null;
    }
    throw problemToError(response.status, parsed);
  }
  return response;
}

/** A refusal as a person reads it: the server's message, and the code for reference. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    return `${error.message} (${error.code})`;
  }
  return error instanceof Error ? error.message : String(error);
}
