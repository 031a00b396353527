/** The connection URL with its password replaced by `***`, for log lines and error messages. */
export function maskUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    // Not a URL we can parse: hide anything between `:` and `@` in the authority.
    return url.replace(/\/\/([^:/@]*):[^@/]*@/, '//$1:***@');
  }
}
