import type { SqlExecutor } from '../../store/store.ts';
import type { HistoryEntry, ReturnReceipt, ReturnRecord } from '../return-types.ts';
import { alertsAbout, type StoredAlert } from './flow-alerts.ts';
import { listReceipts } from './receipt-repository.ts';
import { loadReturn, readHistory } from './return-repository.ts';

/** A return with everything that happened to it. */
export interface ReturnDetail {
  record: ReturnRecord;
  history: HistoryEntry[];
  receipts: ReturnReceipt[];
  alerts: StoredAlert[];
}

/** A return with its history, receipts and alerts; undefined when unknown. */
export async function returnDetail(db: SqlExecutor, id: string): Promise<ReturnDetail | undefined> {
  const record = await loadReturn(db, id);
  if (record === undefined) return undefined;
  return { record, history: await readHistory(db, id), receipts: await listReceipts(db, id), alerts: await alertsAbout(db, `return:${id}`) };
}
