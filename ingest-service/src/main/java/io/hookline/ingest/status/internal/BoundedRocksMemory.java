package io.hookline.ingest.status.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Caps the off-heap memory of all status stores of this process at one budget ({@code
 * HOOKLINE_STATUS_MEMORY_BYTES}): every RocksDB instance (each store partition, each window
 * segment) shares one LRU block cache, and their memtables are charged to that cache through one
 * write buffer manager, a quarter of the budget. Without it each instance takes its own 50 MiB
 * cache and 3 × 16 MiB memtables, which grows with partitions and segments. Instantiated by Kafka
 * Streams, once per store instance; the shared cache lives as long as the process.
 */
public final class BoundedRocksMemory implements RocksDBConfigSetter {
  private record Shared(Cache cache, WriteBufferManager writeBuffers, long memtableBytes) {}

  private static final Map<Long, Shared> BY_BUDGET = new ConcurrentHashMap<>();

  @Override
  public void setConfig(String storeName, Options options, Map<String, Object> configs) {
    Object configured = configs.get(StatusTopology.MEMORY_CONFIG);
    long budget =
        configured == null ? 64L << 20 : Long.parseLong(String.valueOf(configured).strip());
    Shared shared =
        BY_BUDGET.computeIfAbsent(
            budget,
            b -> {
              Cache cache = new LRUCache(b, -1, false, 0.1);
              return new Shared(cache, new WriteBufferManager(b / 4, cache), b / 4);
            });
    BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
    table.setBlockCache(shared.cache());
    table.setCacheIndexAndFilterBlocks(true);
    table.setCacheIndexAndFilterBlocksWithHighPriority(true);
    table.setPinTopLevelIndexAndFilter(true);
    options.setWriteBufferManager(shared.writeBuffers());
    options.setMaxWriteBufferNumber(2);
    options.setWriteBufferSize(Math.max(1L << 20, Math.min(16L << 20, shared.memtableBytes() / 8)));
    options.setTableFormatConfig(table);
  }

  @Override
  public void close(String storeName, Options options) {
    // The cache and the write buffer manager are shared by every store: never closed here.
  }
}
