package io.hookline.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The one validation of an incoming event, whichever way it came: the rules and defaults an event
 * produced straight to Kafka gets are the API's.
 */
class EventInputTest {
  private static final Instant ACCEPTED = Instant.parse("2026-12-01T10:00:00Z");

  private static Event read(String json) {
    return Json.read(json, EventInput.class).toEvent(() -> "evt_default", ACCEPTED);
  }

  @Test
  void aMissingIdAndTimestampGetTheReadersDefaults() {
    Event e = read("{\"tenant\":\"acme\",\"type\":\"order.created\",\"data\":{}}");

    assertThat(e.id()).isEqualTo("evt_default");
    assertThat(e.timestamp()).isEqualTo(ACCEPTED);
  }

  @Test
  void aTimestampWithAnOffsetIsAccepted() {
    Event e =
        read(
            "{\"tenant\":\"acme\",\"type\":\"a.b\",\"data\":{},"
                + "\"timestamp\":\"2026-12-01T11:00:00+01:00\"}");

    assertThat(e.timestamp()).isEqualTo(ACCEPTED);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "another version  | {\"v\":99,\"tenant\":\"acme\",\"type\":\"a.b\",\"data\":{}} | v",
        "an id with / and a space | {\"id\":\"a b/c\",\"tenant\":\"acme\",\"type\":\"a.b\",\"data\":{}} | id",
        "a malformed type | {\"tenant\":\"acme\",\"type\":\"order.Bad Type!!\",\"data\":{}} | type",
        "a tenant with a space | {\"tenant\":\"ac me\",\"type\":\"a.b\",\"data\":{}} | tenant",
        "a number for a string | {\"tenant\":5,\"type\":\"a.b\",\"data\":{}} | tenant",
        "data not an object | {\"tenant\":\"acme\",\"type\":\"a.b\",\"data\":[1]} | data",
        "no type          | {\"tenant\":\"acme\",\"data\":{}} | type",
        "a bad timestamp  | {\"tenant\":\"acme\",\"type\":\"a.b\",\"data\":{},\"timestamp\":\"yesterday\"} | timestamp",
        "a bad endpoint id | {\"tenant\":\"acme\",\"type\":\"a.b\",\"data\":{},\"endpointId\":\"ep 1\"} | endpointId",
        "a number in metadata | {\"tenant\":\"acme\",\"type\":\"a.b\",\"data\":{},\"metadata\":{\"k\":1}} | metadata.k",
      })
  void anEventThatBreaksARuleIsRefusedNamingTheField(String name, String json, String field) {
    assertThatThrownBy(() -> read(json))
        .isInstanceOfSatisfying(
            InvalidRecordException.class, e -> assertThat(e.field()).isEqualTo(field))
        .hasMessageContaining("'" + field + "'");
  }

  @Test
  void aVeryLongIdIsRefused() {
    String id = "x".repeat(316);

    assertThatThrownBy(
            () -> read("{\"id\":\"" + id + "\",\"tenant\":\"acme\",\"type\":\"a.b\",\"data\":{}}"))
        .isInstanceOfSatisfying(
            InvalidRecordException.class, e -> assertThat(e.field()).isEqualTo("id"))
        .hasMessageContaining("1-128");
  }

  @Test
  void aTimestampErrorNamesTheFormWithAnOffset() {
    assertThatThrownBy(
            () -> read("{\"tenant\":\"a\",\"type\":\"a.b\",\"data\":{},\"timestamp\":\"x\"}"))
        .hasMessageContaining("with an offset")
        .hasMessageNotContaining("UTC");
  }

  @Test
  void unknownFieldsAreToleratedOnKafkaButRefusedStrictlyWithTheNearestName() {
    String json = "{\"tenant\":\"acme\",\"type\":\"a.b\",\"data\":{},\"endpointid\":\"ep_1\"}";
    assertThat(read(json).endpointId()).isNull();

    assertThatThrownBy(
            () -> Json.readStrict(Json.readStrictObject(json.getBytes()), EventInput.class))
        .isInstanceOfSatisfying(
            InvalidRecordException.class, e -> assertThat(e.field()).isEqualTo("endpointid"))
        .hasMessageContaining("did you mean 'endpointId'");
  }
}
