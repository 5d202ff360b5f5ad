/** Streams a CLI command reads and writes; injected so commands are testable without a subprocess. */
export interface CliIo {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Whether stdout is an interactive terminal (progress display vs plain lines). */
  isTty?: boolean;
  env?: NodeJS.ProcessEnv;
}

/** A CLI command module: `shared/cli/commands/<name>.ts`. Returns the process exit code. */
export interface CliCommand {
  run(argv: string[], io: CliIo): Promise<number>;
  /** One-line summary for `aispm help`. */
  summary?: string;
}

/** Thrown for bad arguments or configuration: printed as `aispm: <message>` with exit code 1 (2 for usage). */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Writes a string, resolving when the stream can take more (backpressure-aware). */
export function write(stream: NodeJS.WritableStream, chunk: string): Promise<void> | void {
  if (!stream.write(chunk)) return new Promise((resolve) => stream.once('drain', () => resolve()));
}

/**
 * When the reader of stdout goes away (`aispm checks | head -1`), end the process as a Unix tool killed by SIGPIPE
 * would (exit 141, nothing on stderr) instead of crashing on an unhandled EPIPE. Other stream errors still throw.
 */
export function exitOnClosedPipe(stream: NodeJS.WritableStream, exit: (code: number) => void = (code) => process.exit(code)): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') return exit(141);
    throw err;
  });
}
