/**
 * Percent-encoding as RFC 5849 section 3.6 (and NetSuite's "Encoding" rules) define it: UTF-8
 * octets, the unreserved characters `A-Z a-z 0-9 - . _ ~` left as they are, every other octet
 * written `%XX` with upper-case hex digits; a space is `%20`, never `+`.
 *
 * @example
 * percentEncode('a b&c'); // 'a%20b%26c'
 */
export function percentEncode(value: string): string {
  // encodeURIComponent leaves ! ' ( ) * as they are; RFC 3986 unreserved does not include them.
  return encodeURIComponent(value).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}
