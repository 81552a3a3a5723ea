// Writes events as JSON lines to a stream (stdout by default for `--events -`); each event is one write()
// call so lines stay whole, and closing never ends stdout/stderr.
import type { Writable } from 'node:stream';
import type { EventSink, PortcullisEvent } from '../event-log.js';

export interface StreamSinkOptions {
  /** End the stream on close (default: only when it is not stdout or stderr). */
  readonly end?: boolean;
}

export class StreamSink implements EventSink {
  readonly name: string;

  constructor(private readonly stream: Writable = process.stdout, private readonly options: StreamSinkOptions = {}) {
    this.name = stream === process.stdout ? 'stdout' : stream === process.stderr ? 'stderr' : 'stream';
  }

  write(event: PortcullisEvent): void {
    this.stream.write(`${JSON.stringify(event)}\n`);
  }

  /** Resolves once everything written so far has been handed to the stream's target. */
  close(): Promise<void> {
    const std = this.stream === process.stdout || this.stream === process.stderr;
    const end = this.options.end ?? !std;
    return new Promise((resolve, reject) => {
      if (this.stream.destroyed || this.stream.writableFinished) { resolve(); return; }
      if (end) {
        this.stream.end((err?: Error | null) => (err ? reject(err) : resolve()));
      } else {
        // An empty write's callback fires after all earlier writes were flushed.
        this.stream.write('', (err?: Error | null) => (err ? reject(err) : resolve()));
      }
    });
  }
}
