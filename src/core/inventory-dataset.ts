/** The one org-level dataset where galctl lists what each stack owns (docs/ownership.md). Never planned, pruned or exported. */
export const INVENTORY_DATASET_NAME = 'galctl-inventory';
