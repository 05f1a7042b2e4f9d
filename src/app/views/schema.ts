// Every JSON document kbloat gives out, to scripts and to the web pages, carries the schema it follows.

export const SCHEMA = 1;

export function document<T extends object>(body: T): { schema: number } & T {
  return { schema: SCHEMA, ...body };
}
