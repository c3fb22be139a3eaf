import { type DomainEventData, type DomainEventType, domainEventSchema } from '@cchc/core';
import { z } from 'zod';

/**
 * The `json_transform` structures the fact tables read event payloads with, checked against the
 * zod event schemas twice: at type-check (a field must exist in the inferred data type, with a
 * DuckDB type of its kind) and when built (INTEGER/BIGINT only for `.int()` numbers, a struct field
 * present in some option of a union). A renamed or retyped field fails one or the other.
 */

export type DuckDbScalar = 'VARCHAR' | 'INTEGER' | 'BIGINT' | 'DOUBLE' | 'BOOLEAN';

type Present<V> = Exclude<V, undefined | null>;
type KeysOfUnion<T> = T extends unknown ? keyof T : never;
type FieldOfUnion<T, K extends PropertyKey> = T extends unknown ? (K extends keyof T ? T[K] : never) : never;

/** The DuckDB types a field of TypeScript type V may be read as. */
export type ColumnType<V> = [Present<V>] extends [string]
  ? 'VARCHAR'
  : [Present<V>] extends [number]
    ? 'INTEGER' | 'BIGINT' | 'DOUBLE'
    : [Present<V>] extends [boolean]
      ? 'BOOLEAN'
      : Present<V> extends readonly (infer E)[]
        ? readonly [ColumnType<E>]
        : Present<V> extends object
          ? StructOf<Present<V>>
          : never;

/** Some fields of T (of any member, when T is a union), each with the DuckDB type to read it as. */
export type StructOf<T> = { readonly [K in KeysOfUnion<T>]?: ColumnType<FieldOfUnion<T, K>> };

type ColumnSpec = DuckDbScalar | readonly [ColumnSpec] | { readonly [field: string]: ColumnSpec | undefined };

function dataSchemaOf(type: DomainEventType): z.core.$ZodType {
  const option = domainEventSchema.options.find((o) => o.shape.type.value === type);
  if (!option) throw new TypeError(`no schema for event type ${type}`);
  return option.shape.data;
}

function unwrapped(schema: z.core.$ZodType): z.core.$ZodType {
  let inner = schema;
  while (inner instanceof z.ZodOptional || inner instanceof z.ZodNullable || inner instanceof z.ZodDefault) {
    inner = inner.unwrap();
  }
  return inner;
}

function scalarFits(schema: z.core.$ZodType, type: DuckDbScalar): boolean {
  switch (type) {
    case 'VARCHAR':
      return (
        schema instanceof z.ZodString ||
        // z.uuid(), z.iso.datetime() and the other string formats.
        schema instanceof z.ZodStringFormat ||
        schema instanceof z.ZodEnum ||
        (schema instanceof z.ZodLiteral && [...schema.values].every((v) => typeof v === 'string'))
      );
    case 'INTEGER':
    case 'BIGINT':
      return schema instanceof z.ZodNumber && schema.isInt;
    case 'DOUBLE':
      return schema instanceof z.ZodNumber;
    case 'BOOLEAN':
      return schema instanceof z.ZodBoolean;
    default: {
      const unknownType: never = type;
      throw new TypeError(`unknown DuckDB type ${String(unknownType)}`);
    }
  }
}

/** Throws, naming the field, when the schema cannot be read as the spec. */
function check(schema: z.core.$ZodType, spec: ColumnSpec, path: string): void {
  const inner = unwrapped(schema);
  if (typeof spec === 'string') {
    if (!scalarFits(inner, spec)) throw new TypeError(`${path}: the event schema's field cannot be read as ${spec}`);
    return;
  }
  if (Array.isArray(spec)) {
    if (!(inner instanceof z.ZodArray)) throw new TypeError(`${path}: the event schema's field is not an array`);
    check(inner.element, spec[0], `${path}[]`);
    return;
  }
  const options = inner instanceof z.ZodUnion ? inner.options : [inner];
  const objects = options.filter((o): o is z.ZodObject => o instanceof z.ZodObject);
  if (objects.length === 0 || objects.length !== options.length) {
    throw new TypeError(`${path}: the event schema's field is not an object`);
  }
  for (const [field, fieldSpec] of Object.entries(spec)) {
    if (fieldSpec === undefined) continue;
    const holders = objects.filter((o) => Object.hasOwn(o.shape, field));
    if (holders.length === 0) throw new TypeError(`${path}.${field}: no such field in the event schema`);
    for (const holder of holders) check(holder.shape[field]!, fieldSpec, `${path}.${field}`);
  }
}

/** The `json_transform` structure (as JSON) reading these fields of a `type` event's data. */
export function eventStruct<T extends DomainEventType>(type: T, struct: StructOf<DomainEventData<T>>): string {
  const spec: ColumnSpec = struct;
  check(dataSchemaOf(type), spec, type);
  return JSON.stringify(struct);
}
