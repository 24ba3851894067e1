package io.hookline.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JsonTest {

  @Test
  void malformedJsonIsRefusedWithItsLocationAndNoField() {
    assertThatThrownBy(() -> Json.read("{\"id\": ", Event.class))
        .isInstanceOfSatisfying(InvalidRecordException.class, e -> assertThat(e.field()).isNull())
        .hasMessageStartingWith("malformed JSON at line 1");
  }

  @Test
  void emptyInputIsRefused() {
    assertThatThrownBy(() -> Json.read(new byte[0], Event.class))
        .isInstanceOf(InvalidRecordException.class)
        .hasMessageContaining("empty input");
  }

  @Test
  void aFieldOfTheWrongTypeIsNamed() {
    String json =
        Json.writeString(Samples.delivery()).replace("\"attempt\":2", "\"attempt\":\"x\"");

    assertThatThrownBy(() -> Json.read(json, Delivery.class))
        .isInstanceOfSatisfying(
            InvalidRecordException.class, e -> assertThat(e.field()).isEqualTo("attempt"));
  }

  @Test
  void aBadNestedFieldIsNamedWithItsPath() {
    String json =
        Json.writeString(Samples.endpoint()).replace("\"perSecond\":10", "\"perSecond\":0");

    assertThatThrownBy(() -> Json.read(json, Endpoint.class))
        .isInstanceOfSatisfying(
            InvalidRecordException.class,
            e -> assertThat(e.field()).isEqualTo("rateLimit.perSecond"));
  }

  @Test
  void aMissingNestedRequiredFieldIsNamedWithItsPath() {
    String json = Json.writeString(Samples.endpoint()).replace("\"burst\":20", "\"other\":1");

    assertThatThrownBy(() -> Json.read(json, Endpoint.class))
        .isInstanceOfSatisfying(
            InvalidRecordException.class, e -> assertThat(e.field()).isEqualTo("rateLimit.burst"));
  }

  @Test
  void timestampsAreWrittenAsRfc3339() {
    assertThat(Json.writeString(Samples.event()))
        .contains("\"timestamp\":\"2026-11-22T10:15:30.123Z\"");
  }

  @Test
  void unknownEnumValuesNameTheirField() {
    String json = Json.writeString(Samples.attempt()).replace("\"retrying\"", "\"exploded\"");

    assertThatThrownBy(() -> Json.read(json, Attempt.class))
        .isInstanceOfSatisfying(
            InvalidRecordException.class, e -> assertThat(e.field()).isEqualTo("outcome"));
  }

  @Test
  void secretsDoNotPrintTheirCiphertext() {
    assertThat(Samples.endpoint().toString()).doesNotContain("enc:v1:abc");
  }

  @Test
  void aNumberIsNotReadAsAStringNorAStringAsANumber() {
    String json = Json.writeString(Samples.delivery());

    assertThatThrownBy(
            () -> Json.read(json.replace("\"tenant\":\"acme\"", "\"tenant\":7"), Delivery.class))
        .isInstanceOfSatisfying(
            InvalidRecordException.class, e -> assertThat(e.field()).isEqualTo("tenant"))
        .hasMessageContaining("must be a string");
    assertThatThrownBy(
            () -> Json.read(json.replace("\"attempt\":2", "\"attempt\":\"2\""), Delivery.class))
        .hasMessageContaining("'attempt' must be a whole number");
  }

  @Test
  void aNumberOutOfRangeIsNamed() {
    String json =
        Json.writeString(Samples.endpoint())
            .replace("\"timeoutMs\":15000", "\"timeoutMs\":99999999999");

    assertThatThrownBy(() -> Json.read(json, Endpoint.class))
        .isInstanceOfSatisfying(
            InvalidRecordException.class, e -> assertThat(e.field()).isEqualTo("timeoutMs"))
        .hasMessageContaining("out of range");
  }

  record Outer(Inner rateLimit) {}

  record Inner(Integer perSecond, Integer burst) {}

  @Test
  void aStrictReadNamesAnUnknownNestedFieldWithItsPathAndTheNearestKnownName() {
    String json = "{\"rateLimit\":{\"per_second\":10}}";

    assertThatThrownBy(() -> Json.readStrict(Json.readStrictObject(json.getBytes()), Outer.class))
        .isInstanceOfSatisfying(
            InvalidRecordException.class,
            e -> assertThat(e.field()).isEqualTo("rateLimit.per_second"))
        .hasMessageContaining("did you mean 'rateLimit.perSecond'");
  }

  @Test
  void aStrictReadRefusesADuplicateKey() {
    assertThatThrownBy(() -> Json.readStrictObject("{\"a\":1,\"a\":2}".getBytes()))
        .isInstanceOfSatisfying(
            InvalidRecordException.class, e -> assertThat(e.field()).isEqualTo("a"))
        .hasMessageContaining("twice");
  }
}
