// Writes events as JSON lines to a stream (stdout by default for `--events -`); each event is one write()
// call so lines stay whole, closing never ends stdout/stderr, and a broken pipe fails writes, not the process.
import type { Writable } from 'node:stream';
import { PortcullisError } from '../../errors/index.js';
import type { EventSink, PortcullisEvent } from '../event-log.js';

export interface StreamSinkOptions {
  /** End the stream on close (default: only when it is not stdout or stderr). */
  readonly end?: boolean;
}

export class StreamSink implements EventSink {
  readonly name: string;
  private failure: Error | undefined;
  private readonly onError = (err: Error): void => { this.failure ??= err; };

  constructor(private readonly stream: Writable = process.stdout, private readonly options: StreamSinkOptions = {}) {
    this.name = stream === process.stdout ? 'stdout' : stream === process.stderr ? 'stderr' : 'stream';
    // An unhandled 'error' (EPIPE when the reader of `| head` exits) would crash the guard or the trap.
    stream.on('error', this.onError);
  }

  write(event: PortcullisEvent): void {
    if (this.failure) {
      throw new PortcullisError('PCL_ERR_EVENTS_SINK_WRITE',
        `cannot write events to ${this.name}: ${this.failure.message}; the reader may have exited`, { cause: this.failure });
    }
    this.stream.write(`${JSON.stringify(event)}\n`);
  }

  /** Resolves once everything written so far has been handed to the stream's target. */
  close(): Promise<void> {
    const std = this.stream === process.stdout || this.stream === process.stderr;
    // Keep listening until the end has been flushed, then leave the stream as we found it.
    const done = (): void => { this.stream.off('error', this.onError); };
    const end = this.options.end ?? !std;
    return new Promise<void>((resolve, reject) => {
      if (this.failure || this.stream.destroyed || this.stream.writableFinished) { resolve(); return; }
      if (end) {
        this.stream.end((err?: Error | null) => (err ? reject(err) : resolve()));
      } else {
        // An empty write's callback fires after all earlier writes were flushed.
        this.stream.write('', (err?: Error | null) => (err ? reject(err) : resolve()));
      }
    }).finally(done);
  }
}
