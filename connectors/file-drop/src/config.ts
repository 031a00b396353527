/** An instance's config. */
export interface FileDropConfig {
  /** Absolute path of the watched folder; `processed/` and `failed/` are created inside it. */
  folder: string;
  /** Columns (CSV header names, or JSON keys) every row must have with a non-empty value. */
  requiredColumns?: string[] | undefined;
  /** CSV field delimiter (default `,`). */
  delimiter?: string | undefined;
  /** Rows read per poll at most (default 500); a larger file is read over several polls. */
  pageSize?: number | undefined;
  /** A file is taken once it has not changed for this long (default 5 s), so half-written files wait. */
  settleSeconds?: number | undefined;
  /** Column whose value groups rows for ordering (e.g. `sku`). */
  partitionKeyColumn?: string | undefined;
}

/** The config with every default filled in. */
export interface ResolvedConfig {
  folder: string;
  requiredColumns: string[];
  delimiter: string;
  pageSize: number;
  settleSeconds: number;
  partitionKeyColumn: string | undefined;
}

/** Rows per poll by default: enough to keep up with a feed, small enough for one broker batch. */
export const DEFAULT_PAGE_SIZE = 500;
/** Quiet time before a file is taken: writers that copy in several steps finish well within it. */
export const DEFAULT_SETTLE_SECONDS = 5;

/** Fills in defaults. */
export function resolveConfig(config: FileDropConfig): ResolvedConfig {
  return {
    folder: config.folder,
    requiredColumns: config.requiredColumns ?? [],
    delimiter: config.delimiter ?? ',',
    pageSize: config.pageSize ?? DEFAULT_PAGE_SIZE,
    settleSeconds: config.settleSeconds ?? DEFAULT_SETTLE_SECONDS,
    partitionKeyColumn: config.partitionKeyColumn,
  };
}
