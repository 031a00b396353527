import { HubError } from '../../errors/hub-error.ts';

/** One RFC 6902 operation. */
export type PatchOperation =
  | { op: 'add' | 'replace' | 'test'; path: string; value: unknown }
  | { op: 'remove'; path: string }
  | { op: 'move' | 'copy'; from: string; path: string };

type Container = Record<string, unknown> | unknown[];

function tokens(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new HubError('bad-request', { detail: `JSON pointer "${pointer}" must start with /` });
  return pointer.slice(1).split('/').map((t) => t.replaceAll('~1', '/').replaceAll('~0', '~'));
}

function isContainer(value: unknown): value is Container {
  return value !== null && typeof value === 'object';
}

function parentOf(doc: unknown, pointer: string): { parent: Container; key: string } {
  const path = tokens(pointer);
  const key = path.pop();
  if (key === undefined) throw new HubError('bad-request', { detail: 'a patch cannot replace the whole document root here' });
  let node = doc;
  for (const token of path) {
    if (!isContainer(node)) throw new HubError('bad-request', { detail: `path ${pointer} does not exist` });
    node = Array.isArray(node) ? node[Number(token)] : node[token];
  }
  if (!isContainer(node)) throw new HubError('bad-request', { detail: `path ${pointer} does not exist` });
  return { parent: node, key };
}

function read(doc: unknown, pointer: string): unknown {
  let node = doc;
  for (const token of tokens(pointer)) {
    if (!isContainer(node)) throw new HubError('bad-request', { detail: `path ${pointer} does not exist` });
    node = Array.isArray(node) ? node[Number(token)] : node[token];
  }
  if (node === undefined) throw new HubError('bad-request', { detail: `path ${pointer} does not exist` });
  return node;
}

function index(parent: unknown[], key: string, forAdd: boolean): number {
  if (forAdd && key === '-') return parent.length;
  const i = Number(key);
  if (!/^\d+$/.test(key) || i > parent.length || (!forAdd && i === parent.length)) throw new HubError('bad-request', { detail: `array index ${key} is out of range` });
  return i;
}

function add(doc: unknown, pointer: string, value: unknown): void {
  const { parent, key } = parentOf(doc, pointer);
  if (Array.isArray(parent)) parent.splice(index(parent, key, true), 0, value);
  else parent[key] = value;
}

function remove(doc: unknown, pointer: string): unknown {
  const value = read(doc, pointer);
  const { parent, key } = parentOf(doc, pointer);
  if (Array.isArray(parent)) parent.splice(index(parent, key, false), 1);
  else Reflect.deleteProperty(parent, key);
  return value;
}

/**
 * Applies a JSON Patch (RFC 6902) to a copy of `document` and returns the copy. Any failing
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
        if (JSON.stringify(read(doc, operation.path)) !== JSON.stringify(operation.value)) {
          throw new HubError('conflict', { detail: `patch test failed at ${operation.path}` });
        }
        break;
    }
  }
  return doc;
}
