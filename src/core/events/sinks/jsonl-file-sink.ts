// Appends events to a JSON-lines file, one object per line. Each line is written with a single O_APPEND
// write (retried until complete), so lines from several sinks or processes never interleave mid-line.
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { PortcullisError } from '../../errors/index.js';
import type { EventSink, PortcullisEvent } from '../event-log.js';

/** When to fsync: after every event (audit trails), only on close (default), or never (tests, pipes). */
export type FsyncPolicy = 'always' | 'close' | 'never';

export interface JsonLinesFileSinkOptions {
  readonly fsync?: FsyncPolicy;
  /** Mode of a newly created file (default 0600: events can name users and addresses). */
  readonly mode?: number;
}

export class JsonLinesFileSink implements EventSink {
  readonly name: string;
  private fd: number | undefined;
  private readonly fsync: FsyncPolicy;

  /** Opens (creating) the file now, so a sink that cannot start fails startup rather than the first event. */
  constructor(readonly path: string, options: JsonLinesFileSinkOptions = {}) {
    this.name = `jsonl:${path}`;
    this.fsync = options.fsync ?? 'close';
    try {
      this.fd = openSync(path, 'a', options.mode ?? 0o600);
    } catch (err) {
      throw new PortcullisError('PCL_ERR_EVENTS_SINK_OPEN',
        `cannot open the event file ${path} for appending (${(err as NodeJS.ErrnoException).code ?? 'error'}): `
        + 'check the directory exists and is writable, or choose another --events-file', { cause: err });
    }
  }

  write(event: PortcullisEvent): void {
    if (this.fd === undefined) {
      throw new PortcullisError('PCL_ERR_EVENTS_SINK_WRITE', `cannot write to ${this.path}: the sink is closed`);
    }
    const buf = Buffer.from(`${JSON.stringify(event)}\n`, 'utf8');
    try {
      // One write() per line; the loop only matters for the rare short write (e.g. a full disk freeing up).
      let off = 0;
      while (off < buf.length) off += writeSync(this.fd, buf, off, buf.length - off);
      if (this.fsync === 'always') fsyncSync(this.fd);
    } catch (err) {
      throw new PortcullisError('PCL_ERR_EVENTS_SINK_WRITE',
        `cannot append an event to ${this.path} (${(err as NodeJS.ErrnoException).code ?? 'error'}): check free space`,
        { cause: err });
    }
  }

  close(): void {
    if (this.fd === undefined) return;
    const fd = this.fd;
    this.fd = undefined;
    try {
      if (this.fsync !== 'never') fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }
}
