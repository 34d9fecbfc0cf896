// How two versions of a schema relate: the vocabulary shared by the schema comparison, the
// constraint comparison and the matching of oneOf/anyOf variants.

/** How the set of accepted values moved. */
export type Widening = 'wider' | 'narrower' | 'different';

export type SchemaRelation = 'equal' | Widening;
