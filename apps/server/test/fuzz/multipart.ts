export const BOUNDARY = '----kefu-input-test';
export const MULTIPART = { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` };

/** A multipart/form-data body with one file in the field "file"; `disposition` overrides the file's name parameters. */
export function multipartFile(filename: string, content: Buffer | string, contentType = 'application/octet-stream', disposition?: string): Buffer {
  const head = `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; ${disposition ?? `filename="${filename}"`}\r\nContent-Type: ${contentType}\r\n\r\n`;
  return Buffer.concat([Buffer.from(head), Buffer.from(content), Buffer.from(`\r\n--${BOUNDARY}--\r\n`)]);
}
