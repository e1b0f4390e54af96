/**
 * A local service could not be prepared or started. The message is meant for a person at a
 * terminal: it says what is missing and how to get it, so the stack is left out of what is shown.
 */
export class DevstackError extends Error {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'DevstackError';
    // Test runners and the CLI print `stack`; a clear sentence reads better there than frames.
    this.stack = `${this.name}: ${message}`;
  }
}
