/**
 * The SuiteQL query behind the inventory poller: the current balance of every item and location
 * touched by an inventory-affecting transaction line whose transaction changed after `since`
 * (account-local time), newest change last. Quantities are NetSuite's location quantities:
 * `quantityonhand` (physical), `quantityavailable` (on hand less committed to open orders) and
 * `quantitycommitted`. `changedat` is the latest change, formatted so it parses unambiguously.
 *
 * @example
 * inventoryBalanceQuery('2025-04-14 09:00:00');
 */
export function inventoryBalanceQuery(since: string): string {
  if (!/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(since)) throw new RangeError(`since must be YYYY-MM-DD HH:MM:SS, got "${since}"`);
  return [
    'SELECT il.item AS item, i.itemid AS sku, il.location AS location,',
    ' il.quantityonhand AS quantityonhand, il.quantityavailable AS quantityavailable, il.quantitycommitted AS quantitycommitted,',
    ` TO_CHAR(c.changedat, 'YYYY-MM-DD HH24:MI:SS') AS changedat`,
    ' FROM (',
    '  SELECT tl.item AS item, tl.location AS location, MAX(t.lastmodifieddate) AS changedat',
    '  FROM transactionline tl JOIN transaction t ON t.id = tl.transaction',
    `  WHERE tl.isinventoryaffecting = 'T' AND tl.location IS NOT NULL`,
    `  AND t.lastmodifieddate > TO_TIMESTAMP('${since}', 'YYYY-MM-DD HH24:MI:SS')`,
    '  GROUP BY tl.item, tl.location',
    ' ) c',
    ' JOIN inventoryitemlocations il ON il.item = c.item AND il.location = c.location',
    ' JOIN item i ON i.id = il.item',
    ' ORDER BY c.changedat, il.item, il.location',
  ].join('\n');
}
