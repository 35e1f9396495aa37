const KEY_MAX = 128;

/** A manifest key for a remote name: lowercase, runs of other characters as `-`, starting with a letter or digit. */
export function slugKey(name: string, fallback: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9_.-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .replace(/[-.]+$/, '')
    .slice(0, KEY_MAX - 4);
  return slug === '' ? fallback : slug;
}

/** Keys of one scope (one map in the manifest): the slug, or the slug with `-2`, `-3`, … when it is taken. */
export class KeyScope {
  private readonly taken = new Set<string>();

  constructor(private readonly fallback: string) {}

  key(name: string): string {
    const base = slugKey(name, this.fallback);
    let key = base;
    for (let n = 2; this.taken.has(key); n += 1) key = `${base}-${n}`;
    this.taken.add(key);
    return key;
  }
}
