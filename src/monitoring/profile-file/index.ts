/**
 * Streaming file profiler: `profileFile(path, options)` reads a CSV (RFC 4180) or NDJSON file in
 * chunks with constant memory and returns the same `DatasetProfile` the in-memory builder gives
 * for the same cells (CSV cells as text, per `profile/text-value.ts`; NDJSON values as typed).
 */
export {
  profileFile,
  type ProfileFileOptions,
  type FileFormat,
  type FileProgress,
} from './profile-file.js';
export { CsvParser, fieldText, type CsvRow, type CsvParserOptions } from './csv-parser.js';
export { parseNumberBytes } from './number-bytes.js';
