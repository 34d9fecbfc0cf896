/** A small pair with one change of each level and one shared-schema change, for the format tests. */
import { object, ok, openapi, type Json } from './documents.ts';

const owner = { $ref: '#/components/schemas/Owner' };

function api(pet: Json, ownerSchema: Json, parameters: Json[]): Json {
  return openapi(
    {
      '/pets': { get: { parameters, responses: ok(pet) } },
      '/owners': { get: { responses: ok({ type: 'array', items: owner }) } },
      '/owners/{id}': { get: { parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses: ok(owner) } },
    },
    { Owner: ownerSchema },
  );
}

export const formatFixture = {
  before: api(
    object({ id: { type: 'integer' }, status: { type: 'string', enum: ['a'] } }, ['id']),
    object({ login: { type: 'string' } }),
    [],
  ),
  after: api(
    object({ status: { type: 'string', enum: ['a', 'b|c'] } }),
    object({ login: { type: 'string' }, email: { type: 'string' } }),
    [{ name: 'limit', in: 'query', schema: { type: 'integer' } }],
  ),
};
