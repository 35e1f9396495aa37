import { checkObject } from './check-response.js';
import type { GalileoClient, HttpMethod, RequestOptions } from './create-client.js';

/**
 * A request whose answer is one object the caller goes on with (a create, get or update): checked to be an object
 * carrying a string `field` (default `id`; null: any object), so an empty or malformed 200 is a clear error.
 */
export async function requestObject<T>(client: GalileoClient, method: HttpMethod, path: string, opts: RequestOptions = {}, field: string | null = 'id'): Promise<T> {
  return checkObject<T>(`${method} ${path}`, (await client.request<unknown>(method, path, opts)).data, field);
}
