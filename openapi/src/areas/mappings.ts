import { mappingRoutes } from '../routes/mappings.ts';
import type { ApiArea } from './area.ts';

/**
 * The mapping engine's catalogue and previews, over the catalogue the hub loaded at start (every
 * mapping version compiled and checked against the schema registry; a broken mapping stops the
 * start with every problem listed).
 */
export const mappingsArea: ApiArea = {
  name: 'mappings',
  start: ({ mappings: catalog, logger }) => {
    const versions = catalog.list().reduce((count, mapping) => count + mapping.versions.length, 0);
    logger.info({ dir: catalog.dir, mappings: catalog.ids().length, versions }, 'mappings loaded');
    return Promise.resolve({ router: mappingRoutes({ catalog }) });
  },
};
