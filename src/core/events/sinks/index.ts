// Public entry of the event sinks (the only events code that does I/O): file, stream and store.
export { JsonLinesFileSink, type FsyncPolicy, type JsonLinesFileSinkOptions } from './jsonl-file-sink.js';
export { StreamSink, type StreamSinkOptions } from './stream-sink.js';
export { StoreSink, type EventStore, type StoreSinkOptions } from './store-sink.js';
