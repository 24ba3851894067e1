package io.hookline.core.endpoints;

import io.hookline.core.service.TempStateDir;
import io.hookline.schemas.Endpoint;
import io.hookline.schemas.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Predicate;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * Endpoints in a RocksDB of the process's own (a temporary directory, rebuilt from the topic at
 * every start, so no write-ahead log), with the hot ones parsed on the heap in two bounded LRU
 * caches: by id, and a tenant's list. The heap it takes is bounded by the caches, not by the number
 * of endpoints; RocksDB's own memory by its block cache and memtables (16 MiB together).
 *
 * <p>Keys: {@code 'i' id} → the endpoint record's JSON; {@code 't' tenant 0 id} → nothing (the
 * tenant index, read by prefix). Ids and tenants are identifiers, never holding a 0 byte.
 *
 * <p>Caches stay right without holding a lock across RocksDB: every write bumps a generation after
 * it reached RocksDB and before it touches the caches, and a reader fills a cache only if the
 * generation is the one it saw before reading RocksDB.
 */
final class DiskEndpointTable implements EndpointTable {
  static final int CACHED_ENDPOINTS = 10_000;
  static final int CACHED_TENANT_ENDPOINTS = 20_000;
  private static final long BLOCK_CACHE_BYTES = 8L << 20;
  private static final long WRITE_BUFFER_BYTES = 4L << 20;
  private static final byte ID = 'i';
  private static final byte TENANT = 't';

  static {
    RocksDB.loadLibrary();
  }

  private final Path dir;
  private final LRUCache blockCache;
  private final Options options;
  private final WriteOptions writeOptions;
  private final RocksDB db;
  // Guards the database's life: reads hold it shared, close() exclusively.
  private final ReentrantReadWriteLock life = new ReentrantReadWriteLock();
  private boolean closed; // guarded by life
  private final AtomicInteger size = new AtomicInteger();

  private final ReentrantLock cacheLock = new ReentrantLock();
  private long generation; // guarded by cacheLock
  private final LinkedHashMap<String, Endpoint> byId =
      new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Endpoint> eldest) {
          return size() > CACHED_ENDPOINTS;
        }
      };
  private final LinkedHashMap<String, List<Endpoint>> byTenant =
      new LinkedHashMap<>(1024, 0.75f, true);
  private int tenantCacheEndpoints; // guarded by cacheLock

  DiskEndpointTable() {
    dir = TempStateDir.create("hookline-endpoints");
    blockCache = new LRUCache(BLOCK_CACHE_BYTES);
    options =
        new Options()
            .setCreateIfMissing(true)
            .setWriteBufferSize(WRITE_BUFFER_BYTES)
            .setMaxWriteBufferNumber(2)
            .setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(blockCache));
    writeOptions = new WriteOptions().setDisableWAL(true);
    try {
      db = RocksDB.open(options, dir.toString());
    } catch (RocksDBException e) {
      close(false);
      throw new IllegalStateException("cannot open the endpoint table in " + dir, e);
    }
  }

  @Override
  public Optional<Endpoint> get(String id) {
    long seen;
    cacheLock.lock();
    try {
      Endpoint cached = byId.get(id);
      if (cached != null) {
        return Optional.of(cached);
      }
      seen = generation;
    } finally {
      cacheLock.unlock();
    }
    byte[] json = read(idKey(id));
    if (json == null) {
      return Optional.empty();
    }
    Endpoint endpoint = Json.read(json, Endpoint.class);
    cacheLock.lock();
    try {
      if (generation == seen) {
        byId.put(id, endpoint);
      }
    } finally {
      cacheLock.unlock();
    }
    return Optional.of(endpoint);
  }

  @Override
  public void put(Endpoint endpoint, byte[] json) {
    Endpoint previous = stored(endpoint.id());
    try (WriteBatch batch = new WriteBatch()) {
      batch.put(idKey(endpoint.id()), json);
      if (previous != null && !previous.tenant().equals(endpoint.tenant())) {
        batch.delete(tenantKey(previous.tenant(), previous.id()));
      }
      batch.put(tenantKey(endpoint.tenant(), endpoint.id()), new byte[0]);
      write(batch);
    } catch (RocksDBException e) {
      throw new IllegalStateException("cannot store endpoint " + endpoint.id(), e);
    }
    if (previous == null) {
      size.incrementAndGet();
    }
    changed(endpoint.id(), endpoint.tenant(), previous);
  }

  @Override
  public void remove(String id) {
    Endpoint previous = stored(id);
    if (previous == null) {
      return;
    }
    try (WriteBatch batch = new WriteBatch()) {
      batch.delete(idKey(id));
      batch.delete(tenantKey(previous.tenant(), id));
      write(batch);
    } catch (RocksDBException e) {
      throw new IllegalStateException("cannot remove endpoint " + id, e);
    }
    size.decrementAndGet();
    changed(id, previous.tenant(), previous);
  }

  @Override
  public Collection<Endpoint> forTenant(String tenant) {
    long seen;
    cacheLock.lock();
    try {
      List<Endpoint> cached = byTenant.get(tenant);
      if (cached != null) {
        return cached;
      }
      seen = generation;
    } finally {
      cacheLock.unlock();
    }
    List<Endpoint> found = new ArrayList<>();
    for (String id : keysAfter(tenantPrefix(tenant))) {
      get(id).ifPresent(found::add);
    }
    List<Endpoint> out = List.copyOf(found);
    cacheLock.lock();
    try {
      if (generation == seen && out.size() <= CACHED_TENANT_ENDPOINTS) {
        cacheTenant(tenant, out);
      }
    } finally {
      cacheLock.unlock();
    }
    return out;
  }

  @Override
  public int size() {
    return size.get();
  }

  @Override
  public void retainOnly(Predicate<String> keep) {
    for (String id : keysAfter(new byte[] {ID})) {
      if (!keep.test(id)) {
        remove(id);
      }
    }
  }

  @Override
  public void close() {
    close(true);
  }

  private void close(boolean opened) {
    life.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      if (opened) {
        db.close();
      }
      if (writeOptions != null) {
        writeOptions.close();
      }
      options.close();
      blockCache.close();
    } finally {
      life.writeLock().unlock();
    }
    TempStateDir.delete(dir);
  }

  /** The endpoint as RocksDB has it (not the cache): the tailing thread's view before a write. */
  private Endpoint stored(String id) {
    byte[] json = read(idKey(id));
    return json == null ? null : Json.read(json, Endpoint.class);
  }

  /**
   * A write reached RocksDB: caches filled before it must not be kept, nor filled by late reads.
   */
  private void changed(String id, String tenant, Endpoint previous) {
    cacheLock.lock();
    try {
      generation++;
      byId.remove(id);
      uncacheTenant(tenant);
      if (previous != null) {
        uncacheTenant(previous.tenant());
      }
    } finally {
      cacheLock.unlock();
    }
  }

  private void cacheTenant(String tenant, List<Endpoint> endpoints) {
    uncacheTenant(tenant);
    byTenant.put(tenant, endpoints);
    tenantCacheEndpoints += endpoints.size();
    Iterator<Map.Entry<String, List<Endpoint>>> eldest = byTenant.entrySet().iterator();
    while (tenantCacheEndpoints > CACHED_TENANT_ENDPOINTS && eldest.hasNext()) {
      Map.Entry<String, List<Endpoint>> e = eldest.next();
      if (e.getKey().equals(tenant)) {
        continue;
      }
      tenantCacheEndpoints -= e.getValue().size();
      eldest.remove();
    }
  }

  private void uncacheTenant(String tenant) {
    List<Endpoint> dropped = byTenant.remove(tenant);
    if (dropped != null) {
      tenantCacheEndpoints -= dropped.size();
    }
  }

  private byte[] read(byte[] key) {
    life.readLock().lock();
    try {
      if (closed) {
        throw new IllegalStateException("endpoint table closed");
      }
      return db.get(key);
    } catch (RocksDBException e) {
      throw new IllegalStateException("cannot read the endpoint table", e);
    } finally {
      life.readLock().unlock();
    }
  }

  private void write(WriteBatch batch) throws RocksDBException {
    life.readLock().lock();
    try {
      if (closed) {
        throw new IllegalStateException("endpoint table closed");
      }
      db.write(writeOptions, batch);
    } finally {
      life.readLock().unlock();
    }
  }

  /** The ids (the rest of each key) of every key starting with {@code prefix}. */
  private List<String> keysAfter(byte[] prefix) {
    List<String> out = new ArrayList<>();
    life.readLock().lock();
    try (RocksIterator it = closed ? null : db.newIterator()) {
      if (it == null) {
        throw new IllegalStateException("endpoint table closed");
      }
      for (it.seek(prefix); it.isValid(); it.next()) {
        byte[] key = it.key();
        if (key.length < prefix.length
            || !Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length)) {
          break;
        }
        out.add(new String(key, prefix.length, key.length - prefix.length, StandardCharsets.UTF_8));
      }
    } finally {
      life.readLock().unlock();
    }
    return out;
  }

  private static byte[] idKey(String id) {
    return concat(new byte[] {ID}, id.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] tenantPrefix(String tenant) {
    return concat(
        concat(new byte[] {TENANT}, tenant.getBytes(StandardCharsets.UTF_8)), new byte[1]);
  }

  private static byte[] tenantKey(String tenant, String id) {
    return concat(tenantPrefix(tenant), id.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
