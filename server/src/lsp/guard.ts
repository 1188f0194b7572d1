import { ErrorCodes, LSPErrorCodes, ResponseError, type CancellationToken, type Connection } from 'vscode-languageserver/node';

/**
 * Wraps a handler so one failing request answers with an error and a log line instead of taking
 * the server down (an async notification handler that throws would be an unhandled rejection).
 */
export function guard<P extends unknown[], R>(connection: Connection, name: string, handler: (...args: P) => Promise<R> | R) {
  // Each request type has its own error data type, hence `any`.
  return async (...args: P): Promise<R | ResponseError<any>> => {
    try {
      return await handler(...args);
    } catch (err) {
      if (err instanceof ResponseError) return err;
      connection.console.error(`${name} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      return new ResponseError(ErrorCodes.InternalError, `${name} failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
}

/** The same for notifications, which have no answer to carry the error. */
export function guardNotification<P extends unknown[]>(connection: Connection, name: string, handler: (...args: P) => Promise<unknown> | unknown) {
  const guarded = guard(connection, name, handler);
  return (...args: P): void => {
    void guarded(...args);
  };
}

const cancelled = () => new ResponseError(LSPErrorCodes.RequestCancelled, 'The request was cancelled.');

/** Throws the LSP "request cancelled" error when the client gave up on the request. */
export function checkCancelled(token: CancellationToken | undefined): void {
  if (token?.isCancellationRequested) throw cancelled();
}

/** Answers "cancelled" as soon as the client cancels, instead of after the registry's budget; the work goes on and fills the cache. */
export function orCancelled<T>(work: Promise<T>, token: CancellationToken | undefined): Promise<T> {
  if (!token) return work;
  return new Promise<T>((resolve, reject) => {
    if (token.isCancellationRequested) return reject(cancelled());
    const subscription = token.onCancellationRequested(() => reject(cancelled()));
    work.then(resolve, reject).finally(() => subscription.dispose());
  });
}

/** Rejects params without a document URI with InvalidParams, rather than a TypeError deeper down. */
export function requireUri(params: unknown): string {
  const uri = (params as { textDocument?: { uri?: unknown } } | undefined)?.textDocument?.uri;
  if (typeof uri !== 'string') throw new ResponseError(ErrorCodes.InvalidParams, 'Expected params.textDocument.uri to be a string.');
  return uri;
}
