import { isAlias, isCollection, isPair, isScalar, visit } from 'yaml';
import type { Document } from 'yaml';

/**
 * How much YAML aliases may add to a manifest, in characters of expanded content (scalars' text, one per node). An
 * alias repeats its anchor's content wherever it appears, in the data, the plan and its output; 100 aliases to a
 * 50 kB block are 5 MB more. The `yaml` package's `maxAliasCount` bounds aliases per anchor only (so a 4.9 MB
 * manifest of many anchors each aliased 100 times expanded to 484 MB of plan output); this bounds their sum.
 * Sharing settings blocks through anchors stays far below it.
 */
export const MAX_ALIAS_EXPANSION = 1_000_000;

/**
 * The first alias (in document order) at which the content the aliases add passes MAX_ALIAS_EXPANSION, with its
 * offset in the text; undefined when they add less. An alias adds its anchor's expanded size, aliases inside it
 * included, so nested anchors (billion laughs) count at their full expansion. Assumes a document without syntax
 * errors and of bounded depth (parseYamlSource checks both first).
 */
export function findExcessiveAliasing(doc: Document.Parsed): { offset: number; name: string } | undefined {
  const sizes = new Map<unknown, number>();
  const open = new Set<unknown>();
  // the latest node defining each anchor so far, in document order (Alias.resolve searches the whole document
  // on every call: quadratic on a manifest of 90,000 aliases)
  const anchors = new Map<string, unknown>();
  const sizeOf = (node: unknown): number => {
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      return target === undefined || open.has(target) ? 1 : sizeOf(target);
    }
    const known = sizes.get(node);
    if (known !== undefined) return known;
    let size = 1;
    if (isScalar(node)) size += String(node.value).length;
    else if (isPair(node)) size = sizeOf(node.key) + sizeOf(node.value);
    else if (isCollection(node)) {
      open.add(node);
      for (const item of node.items) {
        size += sizeOf(item);
        if (size > MAX_ALIAS_EXPANSION) break;
      }
      open.delete(node);
    }
    sizes.set(node, size);
    return size;
  };
  let added = 0;
  let found: { offset: number; name: string } | undefined;
  visit(doc, {
    Node(_key, node) {
      if (!isAlias(node) && node.anchor !== undefined) anchors.set(node.anchor, node);
    },
    Alias(_key, node) {
      added += sizeOf(node);
      if (added <= MAX_ALIAS_EXPANSION) return undefined;
      found = { offset: node.range?.[0] ?? 0, name: node.source };
      return visit.BREAK;
    },
  });
  return found;
}

