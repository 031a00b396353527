import { MappingCatalog, mappingsDir } from '@omnihub/core';
import { mappingRoutes } from '../routes/mappings.ts';
import type { ApiArea } from './area.ts';

/**
 * The mapping engine's catalogue and previews. Loads every mapping version of the mappings
 * folder (`OMNIHUB_MAPPINGS_DIR`, default the shipped `mappings/`) at start, compiled and checked
 * against the hub's schema registry: a broken mapping stops the start with every problem listed.
 */
export const mappingsArea: ApiArea = {
  name: 'mappings',
  start: async ({ registry, logger }) => {
    const catalog = await MappingCatalog.load(mappingsDir(), { registry });
    const versions = catalog.list().reduce((count, mapping) => count + mapping.versions.length, 0);
    logger.info({ dir: catalog.dir, mappings: catalog.ids().length, versions }, 'mappings loaded');
    return { router: mappingRoutes({ catalog }) };
  },
};
