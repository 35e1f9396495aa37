import { randomBytes } from 'node:crypto';

/**
 * A FormData → multipart/form-data bytes (RFC 7578). We encode it ourselves because undici 7's `request()` cannot
 * read the global FormData of Node 20 (a different undici copy), and because bytes can be re-sent on a retry.
 */
export async function encodeMultipart(form: FormData): Promise<{ body: Buffer; contentType: string }> {
  const boundary = `----galctl${randomBytes(12).toString('hex')}`;
  const parts: Buffer[] = [];
  for (const [name, value] of form.entries()) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${escapeQuoted(name)}"`;
    if (typeof value === 'string') {
      parts.push(Buffer.from(`${head}\r\n\r\n`), Buffer.from(value, 'utf8'), Buffer.from('\r\n'));
    } else {
      const file = value as Blob & { name?: string };
      head += `; filename="${escapeQuoted(file.name ?? 'blob')}"\r\nContent-Type: ${file.type || 'application/octet-stream'}`;
      parts.push(Buffer.from(`${head}\r\n\r\n`), Buffer.from(await file.arrayBuffer()), Buffer.from('\r\n'));
    }
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

function escapeQuoted(s: string): string {
  return s.replace(/\r/g, '%0D').replace(/\n/g, '%0A').replace(/"/g, '%22');
}
