/**
 * Splits one CSV record (RFC 4180: fields optionally in double quotes, `""` a quote inside them,
 * line breaks allowed inside quotes) into its fields. Returns a problem for a quote inside an
 * unquoted field or text after a closing quote.
 *
 * @example
 * csvFields('a,"b ""c""",', ','); // { fields: ['a', 'b "c"', ''] }
 */
export function csvFields(text: string, delimiter: string): { fields: string[] } | { problem: string } {
  const fields: string[] = [];
  let index = 0;
  for (;;) {
    if (text[index] === '"') {
      let value = '';
      index += 1;
      for (;;) {
        const close = text.indexOf('"', index);
        if (close === -1) return { problem: `field ${fields.length + 1}: a quoted field is never closed` };
        value += text.slice(index, close);
        if (text[close + 1] === '"') {
          value += '"';
          index = close + 2;
          continue;
        }
        index = close + 1;
        break;
      }
      fields.push(value);
      if (index === text.length) return { fields };
      if (text[index] !== delimiter) return { problem: `field ${fields.length}: text after the closing quote` };
      index += 1;
      continue;
    }
    const next = text.indexOf(delimiter, index);
    const value = next === -1 ? text.slice(index) : text.slice(index, next);
    if (value.includes('"')) return { problem: `field ${fields.length + 1}: a quote inside an unquoted field` };
    fields.push(value);
    if (next === -1) return { fields };
    index = next + 1;
  }
}
