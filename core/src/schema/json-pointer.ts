/** The segments of a JSON pointer (RFC 6901), unescaped. */
export function pointerSegments(pointer: string): string[] {
  return pointer.split('/').slice(1).map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'));
}

/** Whether `pointer` names `of` itself or something inside it (`/a/b` is within `/a`, `/ab` is not). */
export function pointerWithin(pointer: string, of: string): boolean {
  return pointer === of || pointer.startsWith(`${of}/`);
}

/** The value at a JSON pointer into `document`, reading only members it holds itself; undefined when there is none. */
export function readPointer(document: unknown, pointer: string): unknown {
  let node: unknown = document;
  for (const segment of pointerSegments(pointer)) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, segment)) return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node;
}
