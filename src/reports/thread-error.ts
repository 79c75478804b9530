// An error crossing between the report threads and the server: its message and the stack where it was thrown.

/** What a thread posts of an error it caught. */
export interface ThreadError {
  error: string;
  stack?: string;
}

/** An error caught on a thread, as it posts it. */
export const threadError = (error: unknown): ThreadError =>
  error instanceof Error ? { error: error.message, stack: error.stack } : { error: String(error) };

/** The error thrown on the thread, with its stack there, for the server's log. */
export function thrown(answer: ThreadError): Error {
  const error = new Error(answer.error);
  if (answer.stack) error.stack = answer.stack;
  return error;
}
