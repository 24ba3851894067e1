package io.hookline.core.dlq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookline.schemas.SourceRef;
import org.junit.jupiter.api.Test;

class DlqRefTest {
  @Test
  void aRefIsPartitionColonOffsetAndReadsTheLongFormOfReplayOfToo() {
    assertThat(DlqRef.parse("3:42")).isEqualTo(new DlqRef(3, 42));
    assertThat(DlqRef.parse("webhooks.dlq/3@42")).isEqualTo(new DlqRef(3, 42));
    assertThat(new DlqRef(3, 42)).hasToString("3:42");
    assertThat(new DlqRef(3, 42).on("webhooks.dlq"))
        .isEqualTo(new SourceRef("webhooks.dlq", 3, 42));
  }

  @Test
  void anythingElseNamesTheForm() {
    for (String bad : new String[] {"42", "3:", ":4", "a:b", "3:-1", "3:4:5"}) {
      assertThatThrownBy(() -> DlqRef.parse(bad))
          .hasMessageContaining("'" + bad + "' is not a DLQ ref")
          .hasMessageContaining("<partition>:<offset>");
    }
  }
}
