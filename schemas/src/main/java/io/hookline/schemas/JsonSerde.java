package io.hookline.schemas;

import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serde for a wire record, through {@link Json}. Deserializing a bad record throws {@link
 * InvalidRecordException}; consumers that must dead-letter poison records read raw bytes and call
 * {@link #deserialize(String, byte[])} themselves, so a bad record never breaks {@code poll()}.
 */
public final class JsonSerde<T> implements Serde<T>, Serializer<T>, Deserializer<T> {
  private final Class<T> type;

  public JsonSerde(Class<T> type) {
    this.type = type;
  }

  public static <T> JsonSerde<T> of(Class<T> type) {
    return new JsonSerde<>(type);
  }

  @Override
  public byte[] serialize(String topic, T data) {
    return data == null ? null : Json.write(data);
  }

  /** Returns {@code null} for a tombstone; throws {@link InvalidRecordException} for bad bytes. */
  @Override
  public T deserialize(String topic, byte[] data) {
    return data == null ? null : Json.read(data, type);
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {}

  @Override
  public void close() {}

  @Override
  public Serializer<T> serializer() {
    return this;
  }

  @Override
  public Deserializer<T> deserializer() {
    return this;
  }
}
