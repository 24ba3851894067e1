package io.hookline.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookline.core.config.ConfigException;
import org.junit.jupiter.api.Test;

class SecretBoxTest {
  private final SecretBox box = SecretBox.fromMasterKey(SecretBox.generateMasterKey());

  @Test
  void opensWhatItSealedForTheSameContext() {
    String sealed = box.seal("whsec_abc", "ep_1");

    assertThat(sealed).startsWith("v1:").doesNotContain("whsec_abc");
    assertThat(box.open(sealed, "ep_1")).isEqualTo("whsec_abc");
  }

  @Test
  void sealingTwiceGivesDifferentCiphertexts() {
    assertThat(box.seal("s", "ep_1")).isNotEqualTo(box.seal("s", "ep_1"));
  }

  @Test
  void aCiphertextMovedToAnotherEndpointDoesNotOpen() {
    String sealed = box.seal("whsec_abc", "ep_1");

    assertThatThrownBy(() -> box.open(sealed, "ep_2"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ep_2");
  }

  @Test
  void anotherMasterKeyCannotOpenIt() {
    String sealed = box.seal("whsec_abc", "ep_1");
    SecretBox other = SecretBox.fromMasterKey(SecretBox.generateMasterKey());

    assertThatThrownBy(() -> other.open(sealed, "ep_1"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aBadMasterKeyNamesTheVariableButNotTheValue() {
    assertThatThrownBy(() -> SecretBox.fromMasterKey("c2hvcnQ="))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("HOOKLINE_MASTER_KEY")
        .hasMessageNotContaining("c2hvcnQ=");
  }
}
