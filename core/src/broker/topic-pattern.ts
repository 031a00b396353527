/**
 * AMQP topic matching: words separated by dots, `*` matches exactly one word, `#` zero or more.
 * Returns a POSIX regular expression (also valid for PostgreSQL's `~`).
 */
export function topicPatternToRegex(pattern: string): string {
  const words = pattern.split('.');
  const parts = words.map((word, index) => {
    const leadingHash = index === 1 && words[0] === '#';
    const dot = index === 0 || leadingHash ? '' : '\\.';
    if (word === '#') {
      if (index > 0) return '(\\.[^.]+)*';
      // leading `#`: whole words each followed by the dot the next word would need
      return words.length === 1 ? '([^.]+(\\.[^.]+)*)?' : '([^.]+\\.)*';
    }
    if (word === '*') return `${dot}[^.]+`;
    return dot + word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  });
  return `^${parts.join('')}$`;
}

/** Whether `routingKey` matches the topic `pattern`. */
export function topicMatches(pattern: string, routingKey: string): boolean {
  return new RegExp(topicPatternToRegex(pattern)).test(routingKey);
}
