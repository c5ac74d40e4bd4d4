import { MemoryExecutionRecordStore } from '../../../src/session/execution-records-memory.js';
import { executionRecordStoreContract } from '../../contract/execution-record-store.contract.js';

executionRecordStoreContract('memory', async () => {
  const store = new MemoryExecutionRecordStore();
  return [store, store];
});
