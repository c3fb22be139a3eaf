// Imported first by bin.ts, before anything uses libuv's thread pool (it is sized when first used).
// DuckDB's queries run on that pool, 4 threads by default: the API's read lanes (2 + 4 connections),
// the store's writer and reader, and file system calls need more than that to never queue there.
process.env.UV_THREADPOOL_SIZE ??= '8';
