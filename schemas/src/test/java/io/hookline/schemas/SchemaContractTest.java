package io.hookline.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What the code writes is what the JSON Schemas describe, and reading is tolerant but strict. */
class SchemaContractTest {
  private static final JsonSchemaFactory FACTORY =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

  static Stream<Arguments> samples() {
    return Stream.of(
        Arguments.of("event", Samples.event()),
        Arguments.of("endpoint", Samples.endpoint()),
        Arguments.of("delivery", Samples.delivery()),
        Arguments.of("attempt", Samples.attempt()),
        Arguments.of("dead-letter", Samples.deadLetter()),
        Arguments.of("dead-letter", Samples.poison()),
        Arguments.of("dead-letter", Samples.rejectedEvent()),
        Arguments.of("dlq-replay", Samples.dlqReplay()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void whatTheCodeWritesValidatesAgainstTheSchema(String schemaName, WireRecord record) {
    JsonNode written = tree(record);

    Set<ValidationMessage> errors = schema(schemaName).validate(written);

    assertThat(errors).isEmpty();
    assertThat(written.get("v").asInt()).isEqualTo(1);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void readingWhatWasWrittenGivesTheSameRecord(String schemaName, WireRecord record) {
    byte[] bytes = Json.write(record);

    assertThat(Json.read(bytes, record.getClass())).isEqualTo(record);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void unknownFieldsFromANewerWriterAreTolerated(String schemaName, WireRecord record) {
    ObjectNode newer = tree(record);
    newer.put("addedInV2", "whatever");
    newer.putObject("nestedAddition").put("x", 1);

    assertThat(Json.read(Json.write(newer), record.getClass())).isEqualTo(record);
  }

  static Stream<Arguments> requiredFields() {
    List<Arguments> cases = new ArrayList<>();
    samples()
        .forEach(
            a -> {
              String name = (String) a.get()[0];
              WireRecord record = (WireRecord) a.get()[1];
              for (JsonNode field : schemaTree(name).get("required")) {
                if (!field.asText().equals("v")) {
                  cases.add(Arguments.of(name, record, field.asText()));
                }
              }
            });
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} without {2}")
  @MethodSource("requiredFields")
  void aRecordMissingARequiredFieldIsRefusedNamingTheField(
      String schemaName, WireRecord record, String field) {
    ObjectNode incomplete = tree(record);
    incomplete.remove(field);
    assertThat(schema(schemaName).validate(incomplete)).isNotEmpty();

    assertThatThrownBy(() -> Json.read(Json.write(incomplete), record.getClass()))
        .isInstanceOfSatisfying(
            InvalidRecordException.class, e -> assertThat(e.field()).isEqualTo(field))
        .hasMessageContaining(field);
  }

  @ParameterizedTest(name = "{0} with null {2}")
  @MethodSource("requiredFields")
  void aRequiredFieldSetToNullIsRefusedNamingTheField(
      String schemaName, WireRecord record, String field) {
    ObjectNode incomplete = tree(record);
    incomplete.putNull(field);

    assertThatThrownBy(() -> Json.read(Json.write(incomplete), record.getClass()))
        .isInstanceOfSatisfying(
            InvalidRecordException.class, e -> assertThat(e.field()).isEqualTo(field));
  }

  private static ObjectNode tree(Object record) {
    return Json.mapper().valueToTree(record);
  }

  private static JsonSchema schema(String name) {
    return FACTORY.getSchema(schemaTree(name));
  }

  private static JsonNode schemaTree(String name) {
    try (InputStream in = Json.class.getResourceAsStream("/schemas/" + name + ".json")) {
      return Json.mapper().readTree(in);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
