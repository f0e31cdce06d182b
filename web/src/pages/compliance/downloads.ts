import { ApiError, HttpTransport } from '../../../../src/client/index.js';
import { reportError } from '../../api/client.js';

/*
 * Reports, OSCAL and evidence bundles come back as files. They are fetched with the session
 * cookie and the CSRF header (a report is a ledgered POST), then saved through an object URL, so
 * an error answer is shown with its code instead of a browser error page.
 */

const transport = new HttpTransport({
  baseUrl: window.location.origin,
  headers: { 'x-verity-csrf': '1' },
});

export interface DownloadedFile {
  blob: Blob;
  filename: string;
  /** `sha256:<hex>` of a report, as ledgered; empty for other files. */
  digest: string;
  /** Production time of a report, as ledgered. */
  durationMs: number | null;
}

function filenameOf(response: Response, fallback: string): string {
  const disposition = response.headers.get('content-disposition') ?? '';
  return /filename="([^"]+)"/.exec(disposition)?.[1] ?? fallback;
}

/** Fetches a file from /api/v1; an error answer is thrown as an ApiError with its code. */
export async function fetchFile(
  method: 'GET' | 'POST',
  path: string,
  body: unknown,
  fallbackName: string,
): Promise<DownloadedFile> {
  try {
    const response = await transport.send(method, path, body === undefined ? {} : { body });
    const duration = response.headers.get('x-verity-report-duration-ms');
    return {
      blob: await response.blob(),
      filename: filenameOf(response, fallbackName),
      digest: response.headers.get('x-verity-report-digest') ?? '',
      durationMs: duration === null ? null : Number(duration),
    };
  } catch (error) {
    if (error instanceof ApiError) reportError(error);
    throw error;
  }
}

/** Saves a blob under a file name with a temporary download link; returns its object URL. */
export function saveFile(file: DownloadedFile): string {
  const url = URL.createObjectURL(file.blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = file.filename;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  return url;
}
