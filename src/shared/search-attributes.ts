import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** Registered on the dev server by scripts/services.sh (`--search-attribute`), so the Web UI can filter on them. */
export const CustomerIdAttribute = defineSearchAttributeKey('CustomerId', SearchAttributeType.KEYWORD);
export const GenerationStepAttribute = defineSearchAttributeKey('GenerationStep', SearchAttributeType.KEYWORD);
