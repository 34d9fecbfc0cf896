// A small OpenAPI 3.0 service for the canary tests, written to exercise each kind of finding:
// required, typed, enum, nullable, readOnly, writeOnly and formatted properties, a documented
// 404 with its own schema, a HEAD and a POST.
export const SHOP_SPEC = {
  openapi: '3.0.3',
  info: { title: 'Shop', version: '1.0.0' },
  servers: [{ url: 'https://shop.example.com/api' }],
  paths: {
    '/items': {
      get: {
        operationId: 'listItems',
        parameters: [{ name: 'limit', in: 'query', required: false, schema: { type: 'integer' } }],
        responses: { '200': { description: 'items', content: { 'application/json': { schema: { type: 'array', items: { $ref: '#/components/schemas/Item' } } } } } },
      },
      head: { operationId: 'headItems', responses: { '200': { description: 'there are items' } } },
      post: {
        operationId: 'createItem',
        requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Item' } } } },
        responses: { '201': { description: 'created' } },
      },
    },
    '/items/{itemId}': {
      get: {
        operationId: 'getItem',
        parameters: [{ name: 'itemId', in: 'path', required: true, schema: { type: 'string' } }],
        responses: {
          '200': { description: 'the item', content: { 'application/json': { schema: { $ref: '#/components/schemas/Item' } } } },
          '404': { description: 'no such item', content: { 'application/json': { schema: { $ref: '#/components/schemas/Problem' } } } },
        },
      },
    },
  },
  components: {
    schemas: {
      Item: {
        type: 'object',
        required: ['id', 'name', 'status', 'secret', 'createdAt'],
        properties: {
          id: { type: 'integer', format: 'int64' },
          name: { type: 'string' },
          status: { type: 'string', enum: ['available', 'sold'] },
          note: { type: 'string', nullable: true },
          createdAt: { type: 'string', format: 'date-time', readOnly: true },
          secret: { type: 'string', writeOnly: true },
          tags: { type: 'array', items: { type: 'object', required: ['label'], properties: { label: { type: 'string' } } } },
        },
      },
      Problem: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'integer' }, message: { type: 'string' } } },
    },
  },
};

/** A conforming item, with properties replaced, added, or (given undefined) removed. */
export function shopItem(changes: Record<string, unknown> = {}): Record<string, unknown> {
  const item: Record<string, unknown> = { id: 7, name: 'Lamp', status: 'available', note: null, createdAt: '2024-05-01T12:00:00Z', tags: [{ label: 'light' }] };
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) delete item[key];
    else item[key] = value;
  }
  return item;
}
