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
}
