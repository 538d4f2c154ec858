import type { ErrorObject } from 'ajv';
import type { DiagnosticCode, FixData, LineSpan } from './diagnostic';
import { describeTypes, describeValue, listValues, paramName } from './describe';
import { convertedValue } from './convertedValue';
import { type JsonPath, type LineLocator, valueAtPath } from './locate';
import { insertMember, removeMembers } from './memberEdits';
import { resolve } from './schemaLookup';
import type { SchemaNode } from './schemaRegistry';
import { closestMatch } from './suggest';

/** A problem found in one line, before it is given a line number. */
export interface LineProblem extends LineSpan {
  code: DiagnosticCode;
  param: string | null;
  message: string;
  data?: FixData;
}

export interface SchemaContext {
  /** The parsed line. */
  root: unknown;
  /** Where the validated value sits in the line (`['body']` for a body, `[]` for the row). */
  prefix: JsonPath;
  /** Who rejects an unknown parameter, e.g. "/v1/chat/completions". */
  owner: string;
  locator: LineLocator;
  /** The schema that was validated against, to follow its local `$ref`s. */
  schema: SchemaNode;
}

/** A union failure reduced to one error, standing in for its branches. */
interface UnionError {
  keyword: 'union';
  instancePath: string;
  schemaPath: string;
  types: string[];
  data: unknown;
}

type SchemaError = ErrorObject | UnionError;

function isUnionError(error: SchemaError): error is UnionError {
  return error.keyword === 'union' && 'types' in error;
}

/** Turns ajv's errors for one value into the problems a user should see, one per fault. */
export function schemaProblems(errors: ErrorObject[], context: SchemaContext): LineProblem[] {
  const problems: LineProblem[] = [];
  const seen = new Set<string>();
  // An `if` error only repeats what its `then` branch already reported.
  const relevant = errors.filter((e) => e.keyword !== 'if');
  for (const error of collapseUnions(relevant, context.schema)) {
    const problem = toProblem(error, context);
    if (!problem) continue;
    const key = `${problem.code}|${problem.param}|${problem.start}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(problem);
  }
  return problems;
}

/** anyOf/oneOf errors come with every branch's errors. Keep the errors of the branch whose
 *  shape matched; when none did, say once which types are accepted. Innermost unions first. */
function collapseUnions(errors: ErrorObject[], root: SchemaNode): SchemaError[] {
  let list: SchemaError[] = [...errors];
  const unions = errors
    .filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf')
    .sort((a, b) => b.schemaPath.length - a.schemaPath.length);
  for (const union of unions) {
    const branchPrefix = `${union.schemaPath}/`;
    const inside = list.filter((e) => e.schemaPath.startsWith(branchPrefix));
    const byBranch = new Map<number, SchemaError[]>();
    for (const e of inside) {
      const branch = Number(e.schemaPath.slice(branchPrefix.length).split('/')[0]);
      byBranch.set(branch, [...(byBranch.get(branch) ?? []), e]);
    }
    const shapeMismatch = (branchErrors: SchemaError[]) =>
      branchErrors.some(
        (e) =>
          e.instancePath === union.instancePath &&
          (e.keyword === 'type' || e.keyword === 'union' || e.keyword === 'const' || e.keyword === 'enum'),
      );
    const matched = [...byBranch.values()].find((branchErrors) => !shapeMismatch(branchErrors));
    const parent: SchemaNode | undefined = union.parentSchema;
    const branches = parent?.[union.keyword];
    const replacement: SchemaError[] = matched ?? [
      {
        keyword: 'union',
        instancePath: union.instancePath,
        schemaPath: union.schemaPath,
        types: branchTypes(branches, root),
        data: union.data,
      },
    ];
    list = list.filter((e) => e !== union && !e.schemaPath.startsWith(branchPrefix));
    list.push(...replacement);
  }
  return list;
}

function branchTypes(branches: unknown, root: SchemaNode): string[] {
  if (!Array.isArray(branches)) return [];
  const types: string[] = [];
  for (const branch of (branches as SchemaNode[]).map((b) => resolve(b, root))) {
    const type = branch?.type;
    if (typeof type === 'string') types.push(type);
    else if (Array.isArray(type)) types.push(...(type as string[]));
    else if (branch && 'const' in branch) types.push(JSON.stringify(branch.const));
  }
  return types;
}

function pointerToPath(pointer: string, root: unknown): JsonPath {
  if (pointer === '') return [];
  const path: JsonPath = [];
  let node: unknown = root;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) {
      const index = Number(key);
      path.push(index);
      node = node[index];
    } else {
      path.push(key);
      node = node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
    }
  }
  return path;
}

function toProblem(schemaError: SchemaError, context: SchemaContext): LineProblem | undefined {
  const { locator, prefix, owner } = context;
  const relative = pointerToPath(schemaError.instancePath, valueAtPath(context.root, prefix));
  const path = [...prefix, ...relative];
  const param = paramName(path) || null;
  const here = param ?? 'The line';

  if (isUnionError(schemaError)) {
    const span = locator.value(path);
    return {
      code: 'invalid_type',
      param,
      ...span,
      message: `${here} must be ${describeTypes(schemaError.types)}, but it is ${describeValue(schemaError.data)}.`,
      data: conversion(schemaError.types, schemaError.data, locator.slice(span)),
    };
  }
  const error = schemaError; // an ajv error: unions were handled above
  const schema: SchemaNode | undefined = error.parentSchema;
  const params = error.params as Record<string, unknown>;

  switch (error.keyword) {
    case 'required': {
      const missing = String(params.missingProperty);
      const missingPath = [...path, missing];
      const about = schema?.properties?.[missing]?.description;
      const where = param ? `${param} is` : 'This request is';
      return {
        code: 'missing_required_parameter',
        param: paramName(missingPath),
        ...locator.owner(path),
        message: `${where} missing the required parameter "${missing}"${about ? ` (${lowerFirst(about)})` : ''}.`,
        data: onlyValueFix(schema, missing, path, context),
      };
    }
    case 'additionalProperties': {
      const extra = String(params.additionalProperty);
      const known = Object.keys(schema?.properties ?? {});
      const suggestion = closestMatch(extra, known);
      const extraPath = [...path, extra];
      const base = param
        ? `Unknown parameter "${extra}" in ${param}`
        : `Unknown top-level key "${extra}": a request line has only custom_id, method, url and body`;
      const hint = suggestion
        ? `. Did you mean "${suggestion}"?`
        : param
          ? `: ${owner} does not accept it, and the API rejects unknown parameters.`
          : '.';
      // Renaming to a key the object already has would only make a duplicate: then removing it is the fix.
      const object = valueAtPath(context.root, path);
      const rename = suggestion !== undefined && !(object !== null && typeof object === 'object' && Object.hasOwn(object, suggestion));
      const removal = removeMembers(locator, path, [extra]);
      return {
        code: 'unknown_parameter',
        param: paramName(extraPath),
        ...locator.key(extraPath),
        message: base + hint,
        data: {
          ...(rename ? { replacements: [JSON.stringify(suggestion)] } : {}),
          ...(removal ? { fixes: [{ title: `Remove "${extra}"`, edits: removal, preferred: !rename }] } : {}),
        },
      };
    }
    case 'type': {
      const expected = String(params.type).split(',');
      const span = locator.value(path);
      return {
        code: 'invalid_type',
        param,
        ...span,
        message: `${here} must be ${describeTypes(expected)}, but it is ${describeValue(error.data)}.`,
        data: conversion(expected, error.data, locator.slice(span)),
      };
    }
    case 'enum':
    case 'const': {
      const allowed = (error.keyword === 'enum' ? params.allowedValues : [params.allowedValue]) as unknown[];
      return enumProblem(param, path, error.data, allowed, locator);
    }
    case 'discriminator': {
      const tag = String(params.tag);
      const tagPath = [...path, tag];
      const tagValue = params.tagValue;
      if (tagValue === undefined) {
        return {
          code: 'missing_required_parameter',
          param: paramName(tagPath),
          ...locator.owner(path),
          message: `${here} is missing "${tag}", which says what kind of item it is.`,
        };
      }
      const allowed = discriminatorValues(schema, tag, context.schema);
      if (typeof tagValue !== 'string') {
        return {
          code: 'invalid_type',
          param: paramName(tagPath),
          ...locator.value(tagPath),
          message: `${paramName(tagPath)} must be a string, but it is ${describeValue(tagValue)}.`,
        };
      }
      return enumProblem(paramName(tagPath), tagPath, tagValue, allowed, locator);
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': {
      const bound = { minimum: 'at least', maximum: 'at most', exclusiveMinimum: 'greater than', exclusiveMaximum: 'less than' }[
        error.keyword
      ];
      const range = numericRange(schema);
      // An inclusive bound is the nearest value allowed; an exclusive one has none.
      const inclusive = error.keyword === 'minimum' || error.keyword === 'maximum';
      return {
        code: 'invalid_value',
        param,
        ...locator.value(path),
        message: `${here} must be ${bound} ${String(params.limit)}${range ? ` (${range})` : ''}, but it is ${String(error.data)}.`,
        data: inclusive && typeof params.limit === 'number' ? { replacements: [JSON.stringify(params.limit)] } : undefined,
      };
    }
    case 'minLength':
    case 'maxLength':
    case 'minItems':
    case 'maxItems':
    case 'minProperties':
    case 'maxProperties': {
      const limit = Number(params.limit);
      if (limit === 1 && error.keyword === 'minLength') {
        return { code: 'invalid_value', param, ...locator.value(path), message: `${here} must not be empty.` };
      }
      const unit = error.keyword.endsWith('Length') ? 'character' : error.keyword.endsWith('Items') ? 'item' : 'key';
      const bound = error.keyword.startsWith('min') ? 'at least' : 'at most';
      return {
        code: 'invalid_value',
        param,
        ...locator.value(path),
        message: `${here} must have ${bound} ${limit} ${unit}${limit === 1 ? '' : 's'}.`,
      };
    }
    default:
      return {
        code: 'invalid_value',
        param,
        ...locator.value(path),
        message: `${here} is not accepted: it ${error.message ?? 'does not match what the API expects'}.`,
      };
  }
}

function enumProblem(param: string | null, path: JsonPath, value: unknown, allowed: unknown[], locator: LineLocator): LineProblem {
  const suggestion =
    typeof value === 'string'
      ? closestMatch(
          value,
          allowed.filter((a): a is string => typeof a === 'string'),
        )
      : undefined;
  const accepted = allowed.length === 1 ? `it must be ${listValues(allowed)}` : `accepted values are ${listValues(allowed, 12)}`;
  return {
    code: 'invalid_value',
    param,
    ...locator.value(path),
    message: `${param ?? 'The value'} is ${describeValue(value)}, but ${accepted}.${suggestion ? ` Did you mean "${suggestion}"?` : ''}`,
    data: { allowed, replacements: suggestion ? [JSON.stringify(suggestion)] : allowed.map((a) => JSON.stringify(a)) },
  };
}

/** The same value as the type the schema wants, when that is plain (`"3"` → `3`). */
function conversion(expected: readonly string[], value: unknown, written: string): FixData | undefined {
  const converted = convertedValue(expected, value, written);
  return converted === undefined ? undefined : { replacements: [converted] };
}

/** A missing member that can hold one value only (`"method": "POST"`) is inserted with it, after
 *  the members the schema lists before it. */
function onlyValueFix(schema: SchemaNode | undefined, missing: string, path: JsonPath, context: SchemaContext): FixData | undefined {
  const property = schema?.properties?.[missing];
  if (!property) return undefined;
  const resolved = resolve(property, context.schema);
  const values = 'const' in resolved ? [resolved.const] : Array.isArray(resolved.enum) ? (resolved.enum as unknown[]) : [];
  if (values.length !== 1) return undefined;
  const keys = Object.keys(schema.properties ?? {});
  const value = JSON.stringify(values[0]);
  const edit = insertMember(context.locator, path, missing, value, keys.slice(0, keys.indexOf(missing)));
  return edit ? { fixes: [{ title: `Add "${missing}": ${value}`, edits: [edit], preferred: true }] } : undefined;
}

function discriminatorValues(schema: SchemaNode | undefined, tag: string, root: SchemaNode): unknown[] {
  const branches = (schema?.oneOf ?? []) as SchemaNode[];
  return branches.map((branch) => resolve(branch, root).properties?.[tag]?.const).filter((v) => v !== undefined);
}

function numericRange(schema: SchemaNode | undefined): string | undefined {
  if (typeof schema?.minimum === 'number' && typeof schema?.maximum === 'number') return `from ${schema.minimum} to ${schema.maximum}`;
  return undefined;
}

function lowerFirst(text: string): string {
  const trimmed = text.replace(/\.$/, '');
  // Keep acronyms such as "ID" or "HTTP" as they are.
  return /^[A-Z][a-z]/.test(trimmed) ? trimmed.charAt(0).toLowerCase() + trimmed.slice(1) : trimmed;
}
