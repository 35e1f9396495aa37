/** Scorer fields that live on a version: changing one adds a version; the others are shell fields (update). */
export const SCORER_VERSION_FIELDS: ReadonlySet<string> = new Set(['prompt', 'model', 'judges', 'chain_of_thought', 'code']);
