import { HubError } from '../../errors/hub-error.ts';
import { jsonEqual } from './json-equal.ts';

/** One RFC 6902 operation. */
export type PatchOperation =
  | { op: 'add' | 'replace' | 'test'; path: string; value: unknown }
  | { op: 'remove'; path: string }
  | { op: 'move' | 'copy'; from: string; path: string };

type JsonObject = Record<string, unknown>;
type Container = JsonObject | unknown[];

/** Member names a patch may never address: they would reach an object's prototype. */
const FORBIDDEN_MEMBERS = new Set(['__proto__']);

function missing(pointer: string): HubError {
  return new HubError('bad-request', { detail: `path ${pointer} does not exist` });
}

function tokens(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new HubError('bad-request', { detail: `JSON pointer "${pointer}" must start with /` });
  const path = pointer.slice(1).split('/').map((t) => t.replaceAll('~1', '/').replaceAll('~0', '~'));
  if (path.some((token) => FORBIDDEN_MEMBERS.has(token))) throw missing(pointer);
  return path;
}

/** An array or a plain object, as JSON parsing makes them (never a function, class instance or prototype). */
function isContainer(value: unknown): value is Container {
  if (Array.isArray(value)) return true;
  if (value === null || typeof value !== 'object') return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** An array index as RFC 6901 writes it: digits, no leading zero. */
function arrayIndex(key: string): number | undefined {
  return /^(0|[1-9]\d*)$/.test(key) ? Number(key) : undefined;
}

/** The member `key` of `node` when `node` holds it itself (inherited properties never count). */
function child(node: unknown, key: string, pointer: string): unknown {
  if (!isContainer(node)) throw missing(pointer);
  if (Array.isArray(node)) {
    const i = arrayIndex(key);
    if (i === undefined || i >= node.length) throw missing(pointer);
    return node[i];
  }
  if (!Object.hasOwn(node, key)) throw missing(pointer);
  return node[key];
}

function parentOf(doc: unknown, pointer: string): { parent: Container; key: string } {
  const path = tokens(pointer);
  const key = path.pop();
  if (key === undefined) throw new HubError('bad-request', { detail: 'a patch cannot replace the whole document root here' });
  let node = doc;
  for (const token of path) node = child(node, token, pointer);
  if (!isContainer(node)) throw missing(pointer);
  return { parent: node, key };
}

function read(doc: unknown, pointer: string): unknown {
  let node = doc;
  for (const token of tokens(pointer)) node = child(node, token, pointer);
  return node;
}

function index(parent: unknown[], key: string, forAdd: boolean): number {
  if (forAdd && key === '-') return parent.length;
  const i = arrayIndex(key);
  if (i === undefined || i > parent.length || (!forAdd && i === parent.length)) throw new HubError('bad-request', { detail: `array index ${key} is out of range` });
  return i;
}

function add(doc: unknown, pointer: string, value: unknown): void {
  const { parent, key } = parentOf(doc, pointer);
  if (Array.isArray(parent)) parent.splice(index(parent, key, true), 0, value);
  // An own data property, whatever the name: assignment could run an inherited setter.
  else Object.defineProperty(parent, key, { value, writable: true, enumerable: true, configurable: true });
}

function remove(doc: unknown, pointer: string): unknown {
  const value = read(doc, pointer);
  const { parent, key } = parentOf(doc, pointer);
  if (Array.isArray(parent)) parent.splice(index(parent, key, false), 1);
  else Reflect.deleteProperty(parent, key);
  return value;
}

/**
 * Applies a JSON Patch (RFC 6902) to a copy of `document` and returns the copy. Only members the
 * JSON value holds itself are addressed (never inherited ones, never `__proto__`). Any failing
 * operation (a missing path, a failed `test`) rejects the whole patch with a `bad-request` error.
 */
export function applyJsonPatch<T>(document: T, patch: readonly PatchOperation[]): T {
  const doc = structuredClone(document);
  for (const operation of patch) {
    switch (operation.op) {
      case 'add':
        add(doc, operation.path, structuredClone(operation.value));
        break;
      case 'remove':
        remove(doc, operation.path);
        break;
      case 'replace':
        remove(doc, operation.path);
        add(doc, operation.path, structuredClone(operation.value));
        break;
      case 'move':
        add(doc, operation.path, remove(doc, operation.from));
        break;
      case 'copy':
        add(doc, operation.path, structuredClone(read(doc, operation.from)));
        break;
      case 'test':
        if (!jsonEqual(read(doc, operation.path), operation.value)) {
          throw new HubError('conflict', { detail: `patch test failed at ${operation.path}` });
        }
        break;
    }
  }
  return doc;
}
